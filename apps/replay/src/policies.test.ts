import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedRun, cleanUp, pick, runCaptured } from './test-helpers';

const POLICIES = ['boundary-pairs', 'random', 'uncertainty', 'k-center'];

describe('policy comparison at equal budget (integration)', () => {
  let captured: CapturedRun;

  beforeAll(async () => {
    captured = await runCaptured({ seed: 5, poolSize: 4000, policies: POLICIES, quiet: true });
  }, 180_000);
  afterAll(() => cleanUp(captured));

  it('offers every policy the same budget per iteration, for every (task, model)', () => {
    const perIteration = { lower: 108, higher: 80 } as const;
    for (const task of ['lower', 'higher'] as const) {
      for (const model of ['large', 'small']) {
        for (const policy of POLICIES) {
          const row = pick(captured.report, task, model, 'curated', policy);
          const spent = row.expertLabelsPerIteration!;
          const increments = spent.slice(1).map((labels, index) => labels - spent[index]!);
          // Boundary pairs may find fewer pairs than the budget late in a small pool (it says so in a warning);
          // the baselines always fill it.
          for (const increment of increments) {
            if (policy === 'boundary-pairs') expect(increment).toBeLessThanOrEqual(perIteration[task]);
            else expect(increment).toBe(perIteration[task]);
          }
          expect(row.kappaPerIteration!.length).toBe(spent.length);
          const audit = row.auditKappaPerIteration;
          expect(audit).toHaveLength(spent.length);
        }
      }
    }
    expect(captured.report.findings?.filter((finding) => finding.includes('by policy'))).toHaveLength(4);
  });

  it('draws the label-efficiency curves of every policy in the chart and the markdown', async () => {
    const svg = await readFile(join(captured.dir, 'kappa.svg'), 'utf8');
    const markdown = await readFile(join(captured.dir, 'report.md'), 'utf8');
    // One panel per (task, model); every policy's curve is named in its legend with its area.
    for (const policy of POLICIES) expect(svg).toContain(`${policy} (area `);
    for (const policy of POLICIES) expect(markdown).toContain(`lower / large / curated / ${policy}`);
  });
});
