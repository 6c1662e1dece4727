import { describe, expect, it } from 'vitest';
import { findingsOf } from './findings';
import type { ConditionReport } from './report';

function row(
  condition: string,
  kappa: number,
  ci: [number, number],
  audit: number,
  policy?: string,
): ConditionReport {
  return {
    task: 'lower',
    model: 'large',
    condition,
    ...(policy === undefined ? {} : { policy }),
    iterations: 6,
    fineTuneExamples: 400,
    evalExamples: 250,
    kappaModelExpert: kappa,
    kappaCi95: ci,
    kappaAudit: audit,
  };
}

describe('findingsOf', () => {
  it('says so when curated does not beat the baseline', () => {
    const [finding] = findingsOf(
      [row('curated', 0.3, [0.2, 0.4], 0.2, 'boundary-pairs'), row('crowd-baseline', 0.4, [0.3, 0.5], 0.5)],
      'crowd-baseline',
    );
    expect(finding).toContain('curated does NOT beat the crowd-baseline');
    expect(finding).toContain('.20 vs .50 (curated NOT higher)');
  });

  it('calls a gain with overlapping intervals no clear gain, and a clear one a win', () => {
    const overlapping = findingsOf(
      [
        row('curated', 0.5, [0.4, 0.6], 0.5, 'boundary-pairs'),
        row('crowd-baseline', 0.45, [0.35, 0.55], 0.4),
      ],
      'crowd-baseline',
    );
    expect(overlapping[0]).toContain('no clear gain');
    const clear = findingsOf(
      [row('curated', 0.7, [0.6, 0.8], 0.5, 'boundary-pairs'), row('crowd-baseline', 0.3, [0.2, 0.4], 0.4)],
      'crowd-baseline',
    );
    expect(clear[0]).toContain('curated beats the crowd-baseline');
  });

  it('ranks policies by their final audit kappa', () => {
    const findings = findingsOf(
      [
        row('curated', 0.5, [0.4, 0.6], 0.3, 'boundary-pairs'),
        row('curated', 0.5, [0.4, 0.6], 0.6, 'uncertainty'),
      ],
      'crowd-baseline',
    );
    expect(findings).toEqual([
      'lower/large: final audit kappa by policy at equal budget: uncertainty .60, boundary-pairs .30.',
    ]);
  });
});
