import { checkCategories, checkSameLength, codeOutOfRange } from './common';

/** Counts of label pairs: `counts[i * categories + j]` is how often a said i while b said j. */
export interface ConfusionMatrix {
  readonly categories: number;
  /** Row-major categories x categories counts; rows are `a`, columns are `b`. */
  readonly counts: Float64Array;
  /** Pairs counted: both sides present (a pair with a -1 side is skipped). */
  readonly n: number;
}

/**
 * The confusion matrix of two label vectors over `categories` codes. -1 marks a missing label; such pairs are
 * skipped. Throws `invalid-argument` on a length mismatch and `invalid-data` on a code outside -1..categories-1.
 */
export function confusionMatrix(a: Int32Array, b: Int32Array, categories: number): ConfusionMatrix {
  checkCategories('confusionMatrix', categories);
  checkSameLength('confusionMatrix', a, b);
  const counts = new Float64Array(categories * categories);
  let n = 0;
  for (let index = 0; index < a.length; index++) {
    const x = a[index]!;
    const y = b[index]!;
    // One unsigned comparison covers both "negative" and "too large"; -1 is the only negative allowed.
    if (x >>> 0 < categories && y >>> 0 < categories) {
      counts[x * categories + y]!++;
      n++;
    } else if (x < -1 || x >= categories) {
      throw codeOutOfRange('confusionMatrix', `a[${index}]`, x, categories);
    } else if (y < -1 || y >= categories) {
      throw codeOutOfRange('confusionMatrix', `b[${index}]`, y, categories);
    }
  }
  return { categories, counts, n };
}
