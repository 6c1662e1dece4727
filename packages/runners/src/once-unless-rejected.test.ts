import { describe, expect, it } from 'vitest';
import { onceUnlessRejected } from './once-unless-rejected';

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
