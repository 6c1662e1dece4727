import { describe, expect, it } from 'vitest';
import { createIdHashes, hashKey, repeatedKeys } from './id-hashes';

describe('id hashes', () => {
  it('sorts 64-bit keys and finds exactly the repeated ones', () => {
    const hashes = createIdHashes(4);
    const ids = ['a', 'b', 'ad-1', 'ad-2', 'ad-1', 'ad-10', 'b'];
    for (const id of ids) hashes.add(id);
    expect(hashes.count).toBe(7);
    const sorted = hashes.sorted();
    expect([...sorted]).toEqual(
      ids.map(hashKey).sort((left, right) => (left < right ? -1 : left > right ? 1 : 0)),
    );
    expect(repeatedKeys(sorted)).toEqual(new Set([hashKey('ad-1'), hashKey('b')]));
  });

  it('gives 200,000 distinct ids 200,000 distinct keys (both words vary)', () => {
    const hashes = createIdHashes();
    for (let index = 0; index < 200_000; index++) hashes.add(`item-${index}`);
    expect(repeatedKeys(hashes.sorted()).size).toBe(0);
    const high = new Set<bigint>();
    const low = new Set<bigint>();
    for (let index = 0; index < 1000; index++) {
      const key = hashKey(`item-${index}`);
      high.add(key >> 32n);
      low.add(key & 0xffffffffn);
    }
    expect(high.size).toBe(1000);
    expect(low.size).toBe(1000);
  });
});
