import { describe, expect, it } from 'vitest';
import { findingsOf } from './findings';
import { type ConditionReport, type SeedRows, summariseSeeds } from './report';

function row(
  condition: string,
  kappa: number,
  audit: number,
  policy?: string,
  model = 'large',
): ConditionReport {
  return {
    task: 'lower',
    model,
    condition,
    ...(policy === undefined ? {} : { policy }),
    iterations: 6,
    fineTuneExamples: 400,
    evalExamples: 250,
    kappaModelExpert: kappa,
    kappaAudit: audit,
    ...(policy === undefined
      ? {}
      : {
          auditKappaPerIteration: [0, audit],
          expertLabelsPerIteration: [0, 600],
          kappaPerIteration: [0, kappa],
        }),
  };
}

/** Seeds whose curated - baseline differences are `evaluation[i]` and `audit[i]` (baseline at .4 / .3). */
function seeds(
  evaluation: readonly number[],
  audit: readonly number[],
  baseline = 'crowd-baseline',
): SeedRows[] {
  return evaluation.map((difference, index) => ({
    seed: index + 1,
    tasks: [],
    conditions: [
      row('curated', 0.4 + difference, 0.3 + audit[index]!, 'boundary-pairs'),
      row(baseline, 0.4, 0.3),
    ],
  }));
}

describe('findingsOf', () => {
  it('says curated beats the baseline when both intervals over seeds are above 0', () => {
    const findings = findingsOf(summariseSeeds(seeds([0.1, 0.12, 0.14], [0.08, 0.1, 0.12])));
    expect(findings).toEqual([
      'lower/large: curated beats the crowd baseline by +.12 [+.07, +.17] over 3 seeds on the expert evaluation set, and by +.10 [+.05, +.15] on the audit set.',
    ]);
  });

  it('says "no clear difference" when both intervals span 0, and never calls it a gain', () => {
    const [finding] = findingsOf(summariseSeeds(seeds([0.2, -0.1, 0.05], [0.1, -0.2, 0.05])));
    expect(finding).toMatch(
      /^lower\/large: no clear difference between curated and the crowd baseline over 3 seeds/,
    );
    expect(finding).not.toMatch(/beats|higher|NOT/);
  });

  it('says so plainly when the two sets disagree', () => {
    const [finding] = findingsOf(summariseSeeds(seeds([0.1, 0.12, 0.14], [-0.3, 0.2, 0.05])));
    expect(finding).toBe(
      'lower/large: the two sets disagree over 3 seeds: on the expert evaluation set curated beats the crowd baseline by +.12 [+.07, +.17]; on the audit set no clear difference from the crowd baseline (-.02 [-.65, +.62]).',
    );
  });

  it('says trails when curated is below the baseline on both', () => {
    const [finding] = findingsOf(summariseSeeds(seeds([-0.1, -0.12, -0.14], [-0.1, -0.12, -0.14], 'random')));
    expect(finding).toContain('curated trails random selection at the same budget by -.12');
  });

  it('gives one seed the differences without a verdict', () => {
    const [finding] = findingsOf(summariseSeeds(seeds([0.09], [-0.09])));
    expect(finding).toBe(
      'lower/large, one seed (no interval; --seeds 5 gives one): curated minus the crowd baseline is +.09 on the expert evaluation set and -.09 on the audit set.',
    );
  });

  it('writes one sentence per (task, model) and baseline, and one policy ranking, none repeated', () => {
    const perSeed: SeedRows[] = [1, 2].map((seed) => ({
      seed,
      tasks: [],
      conditions: [
        row('curated', 0.5, 0.3 + seed / 100, 'boundary-pairs'),
        row('curated', 0.5, 0.6, 'uncertainty'),
        row('random', 0.4, 0.2, 'random'),
        row('single-annotator', 0.3, 0.2),
      ],
    }));
    const findings = findingsOf(summariseSeeds(perSeed));
    expect(new Set(findings).size).toBe(findings.length);
    expect(findings.filter((finding) => finding.includes('by policy'))).toEqual([
      'lower/large: area under the audit-kappa curve (mean audit kappa over 0-600 expert labels, mean over 2 seeds), by policy at equal budget: uncertainty .30 [.30, .30], boundary-pairs .16 [.13, .19], random .10 [.10, .10].',
    ]);
    expect(findings.filter((finding) => finding.includes('random selection'))).toHaveLength(1);
    expect(findings.filter((finding) => finding.includes('single-annotator'))).toHaveLength(1);
  });
});
