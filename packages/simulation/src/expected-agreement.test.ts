import { expect, it } from 'vitest';
import { binaryKappa } from './binary-kappa';
import { calibrationReport } from './calibration-report';
import { createAdsWorld } from './create-ads-world';
import { createCrowd } from './create-crowd';
import { createExpertPanel } from './create-expert-panel';
import { expectedAgreement } from './expected-agreement';

/** Panels with given probabilities: experts[e][i], crowd[i]. */
function fixed(experts: number[][], crowd: number[]) {
  return {
    panel: {
      annotators: experts.map((_, e) => `expert-${e + 1}`),
      probability: (expert: number, index: number) => experts[expert]![index]!,
    },
    crowd: { probability: (index: number) => crowd[index]! },
  };
}

/** The expected tables by enumerating every combination of labels of each item, then their kappas. */
function bruteForce(experts: number[][], crowd: number[]) {
  const count = experts.length;
  const n = crowd.length;
  const pair = new Map<string, number[]>();
  const crowdTable = [0, 0, 0, 0];
  for (let item = 0; item < n; item++) {
    for (let mask = 0; mask < 2 ** (count + 1); mask++) {
      let weight = 1;
      const labels: number[] = [];
      for (let rater = 0; rater <= count; rater++) {
        const p = rater < count ? experts[rater]![item]! : crowd[item]!;
        const label = (mask >> rater) & 1;
        labels.push(label);
        weight *= label === 1 ? p : 1 - p;
      }
      const votes = labels.slice(0, count).reduce((sum, label) => sum + label, 0);
      const majority = 2 * votes > count ? 1 : 0;
      crowdTable[2 * labels[count]! + majority]! += weight;
      for (let a = 0; a < count; a++) {
        for (let b = a + 1; b < count; b++) {
          const key = `${a}-${b}`;
          const table = pair.get(key) ?? [0, 0, 0, 0];
          table[2 * labels[a]! + labels[b]!]! += weight;
          pair.set(key, table);
        }
      }
    }
  }
  const kappa = ([n00, n01, n10, n11]: number[]) => {
    const total = n00! + n01! + n10! + n11!;
    const pa = (n10! + n11!) / total;
    const pb = (n01! + n11!) / total;
    const chance = pa * pb + (1 - pa) * (1 - pb);
    return ((n00! + n11!) / total - chance) / (1 - chance);
  };
  const pairs = [...pair.values()].map(kappa);
  return {
    expertPairwiseKappa: pairs.reduce((sum, k) => sum + k, 0) / pairs.length,
    crowdExpertKappa: kappa(crowdTable),
  };
}

it('sums the expected tables as an enumeration of every labelling does (3 and 4 experts)', () => {
  const three = [
    [0.9, 0.2, 0.6, 0.05],
    [0.7, 0.4, 0.5, 0.1],
    [0.95, 0.1, 0.3, 0.2],
  ];
  const four = [...three, [0.6, 0.3, 0.8, 0.01]];
  const crowd = [0.8, 0.3, 0.2, 0.02];
  for (const experts of [three, four]) {
    const { panel, crowd: raters } = fixed(experts, crowd);
    const got = expectedAgreement(panel, raters, Int32Array.of(0, 1, 2, 3));
    const want = bruteForce(experts, crowd);
    expect(got.expertPairwiseKappa).toBeCloseTo(want.expertPairwiseKappa, 12);
    expect(got.crowdExpertKappa).toBeCloseTo(want.crowdExpertKappa, 12);
  }
});

it('gives kappa 1 to certain, agreeing raters and rejects an empty set', () => {
  const { panel, crowd } = fixed(
    [
      [1, 0],
      [1, 0],
      [1, 0],
    ],
    [1, 0],
  );
  expect(expectedAgreement(panel, crowd, Int32Array.of(0, 1))).toEqual({
    expertPairwiseKappa: 1,
    crowdExpertKappa: 1,
  });
  expect(() => expectedAgreement(panel, crowd, new Int32Array(0))).toThrow(/at least one/);
});

it('is what the drawn figures of many items settle on', () => {
  const world = createAdsWorld({ task: 'higher', size: 40_000, seed: 9 });
  const panel = createExpertPanel(world, { seed: 9 });
  const crowd = createCrowd(world, { seed: 9 });
  // The boundary-rich half of the pool: ads anyone might call violating, so both kappas are far from 0 and 1.
  const rows: number[] = [];
  for (let index = 0; index < world.consensus.length; index++) {
    if (world.consensus[index]! > 0.02 || crowd.probability(index) > 0.05) rows.push(index);
  }
  const indices = Int32Array.from(rows);
  expect(indices.length).toBeGreaterThan(3000);
  const report = calibrationReport(world, panel, crowd, { indices });
  expect(Math.abs(report.expertPairwiseKappa - report.expectedExpertPairwiseKappa)).toBeLessThan(0.03);
  expect(Math.abs(report.crowdExpertKappa - report.expectedCrowdExpertKappa)).toBeLessThan(0.03);
  // and the report's drawn kappa is the plain kappa of the drawn labels
  const { matrix } = panel.labelIndices(indices);
  expect(report.expertPairKappas[0]).toBeCloseTo(
    binaryKappa(matrix, matrix, indices.length, { aOffset: 0, aStride: 3, bOffset: 1, bStride: 3 }),
    12,
  );
});

it('checks the indices the panels are asked about', () => {
  const world = createAdsWorld({ task: 'lower', size: 100, seed: 1 });
  const panel = createExpertPanel(world, { seed: 1 });
  const crowd = createCrowd(world, { seed: 1 });
  expect(() => expectedAgreement(panel, crowd, Int32Array.of(100))).toThrow(/index 100/);
  expect(() => panel.probability(3, 0)).toThrow(/expert 3/);
  expect(() => crowd.probability(-1)).toThrow(/index -1/);
  expect(crowd.probability(5)).toBeGreaterThan(0);
  expect(panel.probability(0, 5)).toBeGreaterThan(0);
});
