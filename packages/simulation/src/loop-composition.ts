import type { CuratedComposition } from './curated-composition';
import type { AdsTask } from './types';

/**
 * What the replay's loop really sends to the experts, per task: the mean composition (`curatedComposition`) of
 * the task's curated set (union of both models' boundary-pair runs, 100K ads, the default schedule) over replay
 * seeds 1-5, measured at the calibration constants of `calibration.ts` (which leave the curated sets as they
 * were: the loop never sees the crowd, and the world and experts kept their constants). Mean size 1,139 / 710
 * items; 20% / 11% consensus > .5; of those, 35% / 32% have subtlety >= .5 (the earlier, boundary-weighted
 * draw from the pool gives 47% / 44%: the loop's models find obvious violations first). The composition moves
 * when the world, the experts or the loop change, and must then be measured again.
 *
 * Rows: consensus [0, .01), [.01, .05), [.05, .2), [.2, .5), [.5, .8), [.8, .95), [.95, .99), [.99, 1];
 * columns: subtlety [0, .25), [.25, .5), [.5, .75), [.75, 1].
 */
export const LOOP_COMPOSITION: Readonly<Record<AdsTask, CuratedComposition>> = {
  lower: {
    size: 1139,
    // biome-ignore format: one row per consensus bin
    shares: [
      0.6061, 0.059, 0.0003, 0.0002,
      0.0292, 0.0347, 0.0032, 0.0029,
      0.0026, 0.0134, 0.0098, 0.0089,
      0.0005, 0.0046, 0.0123, 0.0116,
      0.0044, 0.0023, 0.0164, 0.0198,
      0.0173, 0.0023, 0.0121, 0.0116,
      0.0305, 0.0068, 0.004, 0.0046,
      0.0533, 0.0128, 0.0012, 0.0012,
    ],
  },
  higher: {
    size: 710,
    // biome-ignore format: one row per consensus bin
    shares: [
      0.6614, 0.011, 0.0477, 0.0104,
      0.0374, 0.0178, 0.0203, 0.0051,
      0.009, 0.0113, 0.018, 0.0034,
      0.0062, 0.0101, 0.0102, 0.0079,
      0.0085, 0.0062, 0.0056, 0.007,
      0.0152, 0.0079, 0.0014, 0.0054,
      0.0172, 0.0048, 0.0008, 0.0037,
      0.013, 0.0051, 0.0037, 0.0073,
    ],
  },
};
