import { describe, expect, it } from 'vitest';
import { createRng, hash32 } from './rng';

const draws = 200_000;

describe('createRng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 16 }, () => a.nextUint32());
    const seqB = Array.from({ length: 16 }, () => b.nextUint32());
    const seqC = Array.from({ length: 16 }, () => c.nextUint32());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
    expect(createRng('ads').float()).toBe(createRng('ads').float());
  });

  it('keeps seeds beyond 2^32 and negative seeds apart', () => {
    expect(createRng(2 ** 32 + 1).nextUint32()).not.toBe(createRng(1).nextUint32());
    expect(createRng(-1).nextUint32()).not.toBe(createRng(1).nextUint32());
  });

  it('draws floats in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(1);
    let sum = 0;
    let sumSquares = 0;
    let outside = 0;
    for (let index = 0; index < draws; index++) {
      const value = rng.float();
      if (value < 0 || value >= 1) outside++;
      sum += value;
      sumSquares += value * value;
    }
    const mean = sum / draws;
    expect(outside).toBe(0);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sumSquares / draws - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it('draws normals with the requested mean and standard deviation', () => {
    const rng = createRng(7);
    let sum = 0;
    let sumSquares = 0;
    for (let index = 0; index < draws; index++) {
      const value = rng.normal(3, 2);
      sum += value;
      sumSquares += value * value;
    }
    const mean = sum / draws;
    expect(mean).toBeCloseTo(3, 1);
    expect(Math.sqrt(sumSquares / draws - mean * mean)).toBeCloseTo(2, 1);
  });

  it('draws integers uniformly over the whole range, bounds included and excluded correctly', () => {
    const rng = createRng(9);
    const counts = new Float64Array(7);
    for (let index = 0; index < 70_000; index++) counts[rng.int(-3, 4) + 3]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
    expect(() => rng.int(5, 5)).toThrow(/integers min < max/);
  });

  it('shuffles into a permutation', () => {
    const values = Int32Array.from({ length: 100 }, (_, index) => index);
    createRng(3).shuffle(values);
    expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, index) => index));
    expect([...values]).not.toEqual(Array.from({ length: 100 }, (_, index) => index));
  });

  it.each([
    [1000, 10],
    [100, 90],
    [5, 5],
    [0, 0],
  ])('samples %i choose %i without replacement', (n, k) => {
    const picked = createRng(11).sample(n, k);
    expect(picked.length).toBe(k);
    expect(new Set(picked).size).toBe(k);
    for (const index of picked) expect(index >= 0 && index < n).toBe(true);
  });

  it('samples each index with equal probability', () => {
    const rng = createRng(5);
    const counts = new Float64Array(10);
    for (let round = 0; round < 20_000; round++) for (const index of rng.sample(10, 3)) counts[index]! += 1;
    for (const count of counts) expect(Math.abs(count - 6000)).toBeLessThan(300);
  });

  it('forks streams that do not depend on draws already made', () => {
    const fresh = createRng(1).fork('crowd').nextUint32();
    const used = createRng(1);
    used.float();
    used.float();
    expect(used.fork('crowd').nextUint32()).toBe(fresh);
    expect(createRng(1).fork('experts').nextUint32()).not.toBe(fresh);
  });
});

describe('hash32', () => {
  it('is stable and seed dependent', () => {
    expect(hash32('borderline')).toBe(hash32('borderline'));
    expect(hash32('borderline', 1)).not.toBe(hash32('borderline'));
  });
});
