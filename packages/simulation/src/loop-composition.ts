import type { CuratedComposition } from './curated-composition';
import type { AdsTask } from './types';

/**
 * What the replay's loop really sends to the experts, per task: the mean composition (`curatedComposition`) of
 * the task's curated set (union of both models' boundary-pair runs with the loop's default selection, 100K ads,
 * the default schedule) over replay seeds 1-5, measured on 2026-12-01 when the default selection became the
 * score-strata first batch with doubt-scored pairs and first-batch-share sides. The loop never sees the crowd,
 * so the crowd's constants do not move these sets. Mean size 1,173 / 715 items; 24% / 18% consensus > .5; of
 * those, 46% / 39% have subtlety >= .5 (with the paper's plain pairs, measured the same day: 1,167 / 696 items,
 * 21% / 12% consensus > .5). The composition moves when the world, the experts or the loop change, and must then
 * be measured again.
 *
 * Rows: consensus [0, .01), [.01, .05), [.05, .2), [.2, .5), [.5, .8), [.8, .95), [.95, .99), [.99, 1];
 * columns: subtlety [0, .25), [.25, .5), [.5, .75), [.75, 1].
 */
export const LOOP_COMPOSITION: Readonly<Record<AdsTask, CuratedComposition>> = {
  lower: {
    size: 1173,
    // biome-ignore format: one row per consensus bin
    shares: [
      0.5011, 0.0835, 0.0005, 0.0003,
      0.0264, 0.0445, 0.0055, 0.0051,
      0.0015, 0.0216, 0.0132, 0.0132,
      0.0003, 0.009, 0.0149, 0.0227,
      0.0046, 0.0014, 0.0219, 0.0282,
      0.0147, 0.0027, 0.0179, 0.0205,
      0.0303, 0.0072, 0.0058, 0.0126,
      0.0523, 0.0137, 0.001, 0.0019,
    ],
  },
  higher: {
    size: 715,
    // biome-ignore format: one row per consensus bin
    shares: [
      0.5671, 0.0129, 0.0476, 0.0193,
      0.0338, 0.0129, 0.0201, 0.0084,
      0.0095, 0.0151, 0.0173, 0.0087,
      0.0084, 0.0151, 0.0109, 0.0098,
      0.0174, 0.0104, 0.0064, 0.0109,
      0.0179, 0.0106, 0.0028, 0.0104,
      0.021, 0.0078, 0.0031, 0.0095,
      0.0221, 0.0045, 0.0062, 0.0221,
    ],
  },
};
