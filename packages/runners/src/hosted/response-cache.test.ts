import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter';
import { chooseExamples } from './prompt';
import { redact } from './redact';
import { cacheKey, createResponseCache } from './response-cache';

describe('cacheKey', () => {
  it('separates parts so shifting text between them changes the key', () => {
    const one = cacheKey({ provider: 'p', model: 'ab', prompt: 'c', text: 'd' });
    const two = cacheKey({ provider: 'p', model: 'a', prompt: 'bc', text: 'd' });
    expect(one).not.toBe(two);
    expect(cacheKey({ provider: 'p', model: 'ab', prompt: 'c', text: 'd' })).toBe(one);
  });
});

describe('createResponseCache', () => {
  it('reads through to the store and copies hits into memory', async () => {
    const reads: string[] = [];
    const backing = new Map([['k', 'v']]);
    const cache = createResponseCache({
      get: async (key) => {
        reads.push(key);
        return backing.get(key);
      },
      set: (key, value) => void backing.set(key, value),
    });
    expect(await cache.get('k')).toBe('v');
    expect(await cache.get('k')).toBe('v');
    expect(reads).toEqual(['k']);
    await cache.set('n', 'w');
    expect(backing.get('n')).toBe('w');
    expect(await cache.get('missing')).toBeUndefined();
  });
});

describe('createLimiter', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limiter = createLimiter(2);
    let active = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const tasks = Array.from({ length: 5 }, (_, index) =>
      limiter.run(async () => {
        active++;
        most = Math.max(most, active);
        await new Promise<void>((resolve) => gates.push(resolve));
        active--;
        return index;
      }),
    );
    while (gates.length > 0 || active > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});

describe('chooseExamples', () => {
  it('keeps both classes when one is rare, and is the same for the same seed', () => {
    const examples = [
      ...Array.from({ length: 50 }, (_, index) => ({ text: `n${index}`, label: 0 as const })),
      { text: 'p0', label: 1 as const },
      { text: 'p1', label: 1 as const },
    ];
    const chosen = chooseExamples(examples, 6, 3);
    expect(chosen).toHaveLength(6);
    expect(chosen.filter((example) => example.label === 1)).toHaveLength(2);
    expect(chooseExamples(examples, 6, 3)).toEqual(chosen);
    expect(chooseExamples(examples.slice(0, 3), 6, 3)).toHaveLength(3);
  });
});

describe('redact', () => {
  it('removes every occurrence of a secret and leaves short strings alone', () => {
    expect(redact('a sk-123456 b sk-123456', ['sk-123456'])).toBe('a [redacted] b [redacted]');
    expect(redact('abc', ['abc'])).toBe('abc');
  });
});
