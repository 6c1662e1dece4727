import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLocalEmbedder, LOCAL_EMBEDDER_DIMENSIONS } from './local-embedder';
import { tokenize } from './tokenize';

const embedder = createLocalEmbedder();
const width = LOCAL_EMBEDDER_DIMENSIONS;

describe('local embedder laws', () => {
  it('every row is unit length, or all zeros exactly when the text has no token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 8 }),
        async (texts) => {
          const out = await embedder.embed(texts);
          texts.forEach((text, row) => {
            let sum = 0;
            for (let d = 0; d < width; d++) sum += out[row * width + d]! ** 2;
            if (tokenize(text).length === 0) expect(sum).toBe(0);
            else expect(Math.sqrt(sum)).toBeCloseTo(1, 5);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('embeds an unknown one-letter word whose hashed features cancel as a unit vector (regression: "ꛒ" gave zeros)', async () => {
    const out = await embedder.embed(['ꛒ']);
    let sum = 0;
    for (let d = 0; d < width; d++) sum += out[d]! ** 2;
    expect(Math.sqrt(sum)).toBeCloseTo(1, 5);
  });

  it('a row depends only on its own text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), async (a, b) => {
        const together = await embedder.embed([a, b]);
        const alone = await embedder.embed([b]);
        expect(Array.from(together.subarray(width))).toEqual(Array.from(alone));
      }),
      { numRuns: 40 },
    );
  });

  it('ignores case and punctuation between words', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 6 }),
        async (words) => {
          const out = await embedder.embed([words.join(' '), `${words.join(', ').toUpperCase()}!`]);
          expect(Array.from(out.subarray(width))).toEqual(Array.from(out.subarray(0, width)));
        },
      ),
      { numRuns: 40 },
    );
  });
});
