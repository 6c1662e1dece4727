import { describe, expect, it } from 'vitest';
import { formatCount, formatKappa, formatShare } from './format';
import { renderReportMarkdown } from './render-markdown';
import { renderKappaSvg } from './render-svg';
import { methodLine, renderReportTable } from './render-table';
import { paperComparisonTable } from './rows';
import { summariseSeeds } from './summarise';
import type { ConditionReport, ReplayReport } from './types';

function curated(task: string, model: string, kappas: number[], policy = 'boundary-pairs'): ConditionReport {
  // The audit curve: .5 at every model version (report rows need not be consistent for the renderers).
  return {
    task,
    model,
    condition: 'curated',
    policy,
    iterations: kappas.length - 1,
    fineTuneExamples: 400,
    evalExamples: 250,
    positiveShare: 0.41,
    kappaModelExpert: kappas[kappas.length - 1]!,
    kappaCi95: [0.45, 0.67],
    kappaAudit: 0.5,
    kappaPerIteration: kappas,
    auditKappaPerIteration: kappas.map(() => 0.5),
    expertLabelsPerIteration: kappas.map((_, index) => index * 100),
    stopReason: 'iteration cap',
  };
}

function baseline(task: string, model: string, kappa: number): ConditionReport {
  return {
    task,
    model,
    condition: 'crowd-baseline',
    iterations: 0,
    fineTuneExamples: 100_000,
    evalExamples: 250,
    kappaModelExpert: kappa,
    kappaAudit: 0.62,
  };
}

const report: ReplayReport = {
  scenario: 'paper',
  seed: 1,
  tasks: [
    {
      task: 'lower',
      poolSize: 100_000,
      crowdBenignShare: 0.951,
      expertPairwiseKappa: 0.806,
      crowdExpertKappa: 0.587,
    },
    {
      task: 'higher',
      poolSize: 100_000,
      crowdBenignShare: 0.949,
      expertPairwiseKappa: 0.781,
      crowdExpertKappa: 0.412,
    },
  ],
  conditions: [
    curated('lower', 'large', [0.2, 0.31, 0.4, 0.45, 0.5, 0.53, 0.56]),
    baseline('lower', 'large', 0.36),
    curated('lower', 'small', [0.2, 0.25, 0.3]),
    baseline('lower', 'small', 0.3),
    curated('higher', 'large', [0.1, 0.2, -0.05]),
    baseline('higher', 'large', 0.23),
  ],
  findings: ['small model: no clear gain'],
  timings: { totalSeconds: 12.34, stages: { embed: 1.5 } },
};

describe('formatting', () => {
  it('prints kappas the way the paper does', () => {
    expect(formatKappa(0.56)).toBe('.56');
    expect(formatKappa(-0.051)).toBe('-.05');
    expect(formatKappa(1)).toBe('1.00');
    expect(formatKappa(Number.NaN)).toBe('n/a');
    expect(formatShare(0.414)).toBe('41%');
    expect(formatCount(100000)).toBe('100,000');
  });
});

describe('paperComparisonTable', () => {
  it('puts the paper figures beside ours for each task', () => {
    const table = paperComparisonTable(report);
    expect(table.header).toEqual(['', 'lower complexity: paper', 'ours', 'higher complexity: paper', 'ours']);
    const row = (name: string) => table.rows.find((r) => r[0] === name)!;
    expect(row('expert pairwise kappa (ceiling)')).toEqual([
      'expert pairwise kappa (ceiling)',
      '.81',
      '.81',
      '.78',
      '.78',
    ]);
    expect(row('large: crowd baseline -> curated (expert eval set)')).toEqual([
      'large: crowd baseline -> curated (expert eval set)',
      '.36 -> .56',
      '.36 -> .56',
      '.23 -> .38',
      '.23 -> -.05',
    ]);
    expect(row('large: curated - baseline, paired (expert eval set)')).toEqual([
      'large: curated - baseline, paired (expert eval set)',
      '+.20',
      '+.20',
      '+.15',
      '-.28',
    ]);
    expect(row('small: crowd baseline -> curated (expert eval set)')[4]).toBe('n/a -> n/a');
    expect(row('crowd training data (benign share)')[2]).toBe('95%');
  });

  it('refuses a task the paper has no figures for', () => {
    expect(() =>
      paperComparisonTable({
        ...report,
        tasks: [{ task: 'convabuse', poolSize: 1, expertPairwiseKappa: 0.5 }],
      }),
    ).toThrow(/no published figures for task "convabuse"/);
  });
});

describe('renderers', () => {
  it('renders an aligned terminal table with findings and timings', () => {
    const text = renderReportTable(report);
    expect(text).toContain('scenario paper, one seed (1): no interval over seeds');
    expect(text).toContain('- small model: no clear gain');
    expect(text).toMatch(/total 12\.3 s/);
    const lines = text.split('\n');
    const header = lines.find((line) => line.includes('lower complexity: paper'))!;
    const rule = lines[lines.indexOf(header) + 1]!;
    expect(rule.replace(/-/g, '').trim()).toBe('');
  });

  it("names boundary pairs' choices in the method line only when boundary pairs is one of the policies", () => {
    const method = {
      policies: ['boundary-pairs', 'random'],
      embedder: 'glove',
      selection: 'sampled',
      firstBatch: 'score-strata',
      pairScoring: 'doubt',
      sides: 'first-batch-share',
      uncertaintyShare: 0.2,
      prior: 'none',
    };
    expect(methodLine({ ...report, method })).toBe(
      'method: boundary pairs with the score-strata first batch, pair scoring doubt, sides first-batch-share, ' +
        'uncertainty share 0.2, sampled clustering; embedder glove, prior none; policies boundary-pairs, random',
    );
    expect(methodLine({ ...report, method: { ...method, policies: ['random'] } })).toBe(
      'method: embedder glove, prior none; policies random',
    );
    expect(methodLine(report)).toBeUndefined();
  });

  it('renders markdown with the curves as numbers', () => {
    const markdown = renderReportMarkdown(report);
    expect(markdown).toContain('| expert pairwise kappa (ceiling) | .81 | .81 | .78 | .78 |');
    expect(markdown).toContain('- lower / large / curated / boundary-pairs: .50 (0), .50 (100)');
    expect(markdown).toContain('- embed: 1.50 s');
    expect(markdown).toContain(
      '| lower | large | curated | boundary-pairs | 6 | 400 | 250 | 41% | .56 | [.45, .67] | .50 |',
    );
  });

  it('draws one panel per (task, model) with the ceiling and the crowd baseline, deterministically', () => {
    const svg = renderKappaSvg(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('lower / large: one seed');
    expect(svg).toContain('higher / large: one seed');
    expect(svg).toContain('ceiling (expert pairwise) .81');
    expect(svg).toContain('ceiling: agreement between experts');
    expect(svg).toContain('crowd-baseline .62');
    expect(svg).toContain('expert labels used');
    expect(svg).toContain("Cohen's kappa vs expert majority, audit set");
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    expect(svg).not.toContain('<polygon');
    expect(svg).not.toContain('NaN');
    expect(renderKappaSvg(report)).toBe(svg);
  });

  it('draws a band per curve over several seeds', () => {
    const seeded = (seed: number, shift: number): ReplayReport['conditions'] =>
      report.conditions.map((row) => ({
        ...row,
        seed,
        ...(row.auditKappaPerIteration
          ? { auditKappaPerIteration: row.auditKappaPerIteration.map((kappa) => kappa + shift) }
          : {}),
      }));
    const twoSeeds = summariseSeeds([
      { seed: 1, tasks: report.tasks, conditions: seeded(1, 0) },
      { seed: 2, tasks: report.tasks, conditions: seeded(2, 0.1) },
    ]);
    const svg = renderKappaSvg({ ...report, summary: twoSeeds });
    expect(svg).toContain('lower / large: mean and 95% band over 2 seeds');
    expect(svg.match(/<polygon/g)).toHaveLength(3);
  });
});
