import fc from 'fast-check';
import { expect, it } from 'vitest';
import { binaryKappa } from './binary-kappa';

const codings = fc
  .integer({ min: 2, max: 60 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
    ),
  );

it('matches a hand-computed value', () => {
  // 10 items: both positive 3, both negative 4, a only 2, b only 1. po = .7, pe = .5*.4 + .5*.6 = .5.
  const a = [1, 1, 1, 0, 0, 0, 0, 1, 1, 0];
  const b = [1, 1, 1, 0, 0, 0, 0, 0, 0, 1];
  expect(binaryKappa(a, b, 10)).toBeCloseTo(0.4, 12);
});

it('is symmetric, 1 on identical codings and invariant to renaming the labels', () => {
  fc.assert(
    fc.property(codings, ([a, b]) => {
      const n = a.length;
      expect(binaryKappa(a, b, n)).toBeCloseTo(binaryKappa(b, a, n), 12);
      expect(binaryKappa(a, a, n)).toBeCloseTo(1, 12);
      const flip = (values: number[]) => values.map((value) => 1 - value);
      expect(binaryKappa(flip(a), flip(b), n)).toBeCloseTo(binaryKappa(a, b, n), 12);
    }),
  );
});

it('reads strided columns of a row-major matrix', () => {
  const matrix = Int32Array.of(1, 1, 0, 0, 1, 0, 0, 1);
  expect(binaryKappa(matrix, matrix, 4, { aOffset: 0, aStride: 2, bOffset: 1, bStride: 2 })).toBeCloseTo(
    0,
    12,
  );
});

it('agrees with @borderline/agreement (imported from source, tests only)', async () => {
  const { cohenKappa } = await import('../../agreement/src/cohen-kappa');
  fc.assert(
    fc.property(codings, ([a, b]) => {
      const reference = cohenKappa(Int32Array.from(a), Int32Array.from(b), { categories: 2 });
      fc.pre(reference.defined);
      expect(binaryKappa(a, b, a.length)).toBeCloseTo(reference.kappa, 10);
    }),
  );
});
