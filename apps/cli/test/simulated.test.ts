import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers';

const temp = tempDir('borderline-sim-');

describe('run --annotators simulated', () => {
  it("curates the simulated ads world with its expert panel, and reports the crowd's kappa", async () => {
    const run = join(temp.dir, 'ads');
    const init = await cli(
      [
        'init',
        run,
        '--dataset',
        'sim:lower',
        '--limit',
        '3000',
        '--batch-size',
        '60',
        '--seed',
        '3',
        '--max-iterations',
        '2',
      ],
      { cwd: temp.dir },
    );
    expect(init.code, init.stderr).toBe(0);
    const result = await cli(['run', run, '--annotators', 'simulated', '--json', '--quiet'], {
      cwd: temp.dir,
    });
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as {
      phase: string;
      ledger: { crowd: number; expert: number };
      iterations: {
        iteration: number;
        items: number;
        labels: number;
        crowdExpertKappa: { value: number | null; n: number } | null;
      }[];
    };
    expect(status.phase).toBe('done');
    expect(status.ledger.crowd).toBe(3000);
    // Crowd-expert kappa is reported on every iteration's curated set (null only where it is undefined, e.g.
    // when the experts used one category); three simulated experts label each selected item.
    for (const row of status.iterations) {
      expect(row.crowdExpertKappa?.n).toBeGreaterThan(0);
      if (row.iteration > 0) expect(row.labels).toBe(row.items * 3);
      // A weak LLM-0 finds few cross-label pairs; the default fallback (uncertainty) fills the batch.
      if (row.iteration > 0) expect(row.items).toBe(60);
    }
    expect(status.iterations.at(-1)?.crowdExpertKappa?.value).toEqual(expect.any(Number));
    const recorded = await cli(['run', run, '--annotators', 'recorded'], { cwd: temp.dir });
    expect(recorded.code).toBe(1);
    expect(recorded.stderr).toContain('use --annotators simulated');
  });
});
