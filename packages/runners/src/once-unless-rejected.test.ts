import { describe, expect, it } from 'vitest';
import { onceUnlessRejected, sharedUnlessRejected } from './once-unless-rejected';

describe('onceUnlessRejected', () => {
  it('shares one build between calls', async () => {
    let builds = 0;
    const get = onceUnlessRejected(async (value: number) => {
      builds += 1;
      return value;
    });
    const [first, second] = await Promise.all([get(1), get(2)]);
    expect([first, second, await get(3)]).toEqual([1, 1, 1]);
    expect(builds).toBe(1);
  });

  it('builds again after a rejection', async () => {
    let builds = 0;
    const get = onceUnlessRejected(async () => {
      builds += 1;
      if (builds === 1) throw new Error('first build fails');
      return builds;
    });
    await expect(get()).rejects.toThrow('first build fails');
    expect(await get()).toBe(2);
    expect(await get()).toBe(2);
    expect(builds).toBe(2);
  });
});

describe('sharedUnlessRejected', () => {
  it('keeps a fulfilled promise under its key and drops a rejected one', async () => {
    const cache = new Map<string, Promise<number>>();
    let builds = 0;
    const build = async () => {
      builds += 1;
      if (builds === 1) throw new Error('first build fails');
      return builds;
    };
    await expect(sharedUnlessRejected(cache, 'a', build)).rejects.toThrow('first build fails');
    expect(cache.has('a')).toBe(false);
    expect(await sharedUnlessRejected(cache, 'a', build)).toBe(2);
    expect(await sharedUnlessRejected(cache, 'a', build)).toBe(2);
    expect(await sharedUnlessRejected(cache, 'b', build)).toBe(3);
    expect(builds).toBe(3);
  });
});
