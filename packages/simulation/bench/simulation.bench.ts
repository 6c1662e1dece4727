import { bench, describe } from 'vitest';
import {
  calibrationReport,
  createAdsWorld,
  createCrowd,
  createExpertPanel,
  curatedProxySample,
} from '../src/index';

// Calibration figures of the default constants (seed 1, five curated proxies drawn to `LOOP_COMPOSITION`), printed once beside
// the timings: they are not ops/sec, so vitest bench cannot report them itself.
for (const task of ['lower', 'higher'] as const) {
  const world = createAdsWorld({ task, seed: 1 });
  const crowd = createCrowd(world, { seed: 1 });
  const panel = createExpertPanel(world, { seed: 1 });
  const reports = [1, 2, 3, 4, 5].map((seed) => calibrationReport(world, panel, crowd, { seed }));
  const mean = (pick: (report: (typeof reports)[number]) => number) =>
    (reports.reduce((sum, report) => sum + pick(report), 0) / reports.length).toFixed(3);
  console.log(
    `[simulation] ${task}: expert pairwise kappa ${mean((r) => r.expertPairwiseKappa)}, crowd-expert kappa ` +
      `${mean((r) => r.crowdExpertKappa)}, crowd benign ${mean((r) => r.crowdBenignShare)}, pool violating ` +
      `${mean((r) => r.poolViolatingShare)}, crowd recall obvious/subtle ${mean((r) => r.crowdRecallObvious)}/` +
      `${mean((r) => r.crowdRecallSubtle)}`,
  );
}

describe('ads world (100,000 ads; target < 2 s)', () => {
  bench('createAdsWorld lower 100K', () => {
    createAdsWorld({ task: 'lower', seed: 1 });
  });
  bench('createAdsWorld higher 100K', () => {
    createAdsWorld({ task: 'higher', seed: 1 });
  });
});

describe('panels on 100,000 ads', () => {
  const world = createAdsWorld({ task: 'lower', seed: 1 });
  const all = Int32Array.from({ length: world.ids.length }, (_, index) => index);
  const panel = createExpertPanel(world, { seed: 1 });
  bench('createCrowd 100K', () => {
    createCrowd(world, { seed: 1 });
  });
  bench('expert panel labelIndices 100K x 3', () => {
    panel.labelIndices(all);
  });
  bench('curatedProxySample from 100K', () => {
    curatedProxySample(world, { seed: 1 });
  });
});
