import { describe, expect, it } from 'vitest';
import { calibrationReport } from './calibration-report';
import { createAdsWorld } from './create-ads-world';
import { createCrowd } from './create-crowd';
import { createExpertPanel } from './create-expert-panel';
import { LOOP_COMPOSITION } from './loop-composition';
import type { AdsTask } from './types';

// The paper's figures, measured on a curated-like set: here the proxy drawn to what the replay's loop really
// selects (`LOOP_COMPOSITION`). Worlds, panels and proxies differ from the calibration search's (worlds 1-5,
// proxies seeded 100 x world + 11-15), so these check that the constants generalise: the held-out table of the
// README (worlds 101-108, three proxies each), whose mean is held to the paper's figure within .03, the tolerance
// the replay's 5-seed means are held to. (Six proxies, as before, leave the higher crowd's mean a standard error
// of ~.02: at the constants of the recalibration it sat .033 off there and .011 off over these 24.)
const TARGETS: Record<AdsTask, { expert: number; crowd: number }> = {
  lower: { expert: 0.81, crowd: 0.59 },
  higher: { expert: 0.78, crowd: 0.41 },
};
const TOLERANCE = 0.03;

describe.each(['lower', 'higher'] as AdsTask[])('calibration (%s)', (task) => {
  const reports = [101, 102, 103, 104, 105, 106, 107, 108].flatMap((seed) => {
    const world = createAdsWorld({ task, seed });
    const panel = createExpertPanel(world, { seed: seed + 1 });
    const crowd = createCrowd(world, { seed: seed + 2 });
    return [1, 2, 3].map((proxySeed) =>
      calibrationReport(world, panel, crowd, { seed: seed * 10 + proxySeed }),
    );
  });
  const mean = (pick: (report: (typeof reports)[number]) => number) =>
    reports.reduce((sum, report) => sum + pick(report), 0) / reports.length;

  it('hits the expert pairwise kappa on the curated proxy', () => {
    expect(Math.abs(mean((r) => r.expertPairwiseKappa) - TARGETS[task].expert)).toBeLessThan(TOLERANCE);
    for (const report of reports)
      expect(Math.abs(report.expertPairwiseKappa - TARGETS[task].expert)).toBeLessThan(0.08);
  });

  it('hits the crowd-vs-expert kappa on the curated proxy', () => {
    expect(Math.abs(mean((r) => r.crowdExpertKappa) - TARGETS[task].crowd)).toBeLessThan(TOLERANCE);
    // One proxy's draws scatter its crowd kappa by ~.05 (higher: ~80 positives in 710 items): a 3-sd band.
    for (const report of reports)
      expect(Math.abs(report.crowdExpertKappa - TARGETS[task].crowd)).toBeLessThan(0.15);
  });

  it('hits both kappas before the draws: the expected tables on the proxies', () => {
    // Without the draws' scatter the calibration error shows alone: experts within .025 (they sit ~.02 high on
    // the lower proxy, left as they are, see the README), the crowd within .02.
    expect(Math.abs(mean((r) => r.expectedExpertPairwiseKappa) - TARGETS[task].expert)).toBeLessThan(0.025);
    expect(Math.abs(mean((r) => r.expectedCrowdExpertKappa) - TARGETS[task].crowd)).toBeLessThan(0.02);
  });

  it('draws the proxy at the loop composition and keeps the crowd ~95% benign on the pool', () => {
    // Expert-majority positives: about the composition's share of consensus > .5 (rows 4-7 of the table).
    const loopPositive = LOOP_COMPOSITION[task].shares.slice(16).reduce((sum, share) => sum + share, 0);
    expect(Math.abs(mean((r) => r.expertPositiveShare) - loopPositive)).toBeLessThan(0.02);
    for (const report of reports) {
      expect(report.crowdBenignShare).toBeGreaterThan(0.945);
      expect(report.crowdBenignShare).toBeLessThan(0.955);
      expect(report.items).toBe(LOOP_COMPOSITION[task].size);
    }
  });

  it('has the crowd miss subtle violations the experts see', () => {
    expect(mean((r) => r.crowdRecallObvious) - mean((r) => r.crowdRecallSubtle)).toBeGreaterThan(0.2);
  });
});
