import { describe, expect, it } from 'vitest';
import { formatCount, formatKappa, formatShare } from './format';
import { renderReportMarkdown } from './render-markdown';
import { renderKappaSvg } from './render-svg';
import { renderReportTable } from './render-table';
import { paperComparisonTable } from './rows';
import type { ConditionReport, ReplayReport } from './types';

function curated(task: string, model: string, kappas: number[], policy = 'boundary-pairs'): ConditionReport {
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
    expect(row('large: crowd baseline -> curated')).toEqual([
      'large: crowd baseline -> curated',
      '.36 -> .56',
      '.36 -> .56',
      '.23 -> .38',
      '.23 -> -.05',
    ]);
    expect(row('small: crowd baseline -> curated')[4]).toBe('n/a -> n/a');
    expect(row('crowd training data')[2]).toBe('100,000, 95% benign');
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
    expect(text).toContain('scenario paper, seed 1');
    expect(text).toContain('- small model: no clear gain');
    expect(text).toMatch(/total 12\.3 s/);
    const lines = text.split('\n');
    const header = lines.find((line) => line.includes('lower complexity: paper'))!;
    const rule = lines[lines.indexOf(header) + 1]!;
    expect(rule.replace(/-/g, '').trim()).toBe('');
  });

  it('renders markdown with the curves as numbers', () => {
    const markdown = renderReportMarkdown(report);
    expect(markdown).toContain('| expert pairwise kappa (ceiling) | .81 | .81 | .78 | .78 |');
    expect(markdown).toContain(
      '- lower / large / curated / boundary-pairs (stopped: iteration cap): .20 (0), .31 (100)',
    );
    expect(markdown).toContain('- embed: 1.50 s');
    expect(markdown).toContain(
      '| lower | large | curated | boundary-pairs | 6 | 400 | 250 | 41% | .56 | [.45, .67] | .50 |',
    );
  });

  it('draws one panel per task with the ceiling and crowd baselines, deterministically', () => {
    const svg = renderKappaSvg(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('lower: kappa per iteration');
    expect(svg).toContain('higher: kappa per iteration');
    expect(svg).toContain('experts .81');
    expect(svg).toContain('large crowd .36');
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    expect(svg).not.toContain('NaN');
    expect(renderKappaSvg(report)).toBe(svg);
  });

  it('adds a label-efficiency row when several policies ran', () => {
    const withPolicies = {
      ...report,
      conditions: [...report.conditions, curated('lower', 'large', [0.2, 0.25], 'random')],
    };
    const svg = renderKappaSvg(withPolicies);
    expect(svg).toContain('lower: kappa vs expert labels');
    expect(svg).toContain('large curated random');
  });
});
