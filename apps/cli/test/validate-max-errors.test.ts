import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers';

const temp = tempDir('borderline-max-errors-');
const broken = join(temp.dir, 'items.jsonl');
writeFileSync(broken, '{"id": "a", "text": ""}\n{"id": "b"}\nnot json\n');

describe('validate --max-errors', () => {
  it.each(['0', '-1', 'abc', '2.5', ''])(
    '--max-errors %j is refused (0 printed "valid dataset" and exited 0 on a broken file; abc meant no limit)',
    async (value) => {
      const result = await cli(['validate', broken, '--max-errors', value], { cwd: temp.dir });
      expect(result.code).toBe(1);
      expect(result.stdout).not.toContain('valid');
      expect(result.stderr).toContain(`--max-errors: expected a whole number >= 1, got "${value}"`);
      expect(result.stderr).toContain('Run "borderline validate --help" for usage.');
    },
  );

  it('stops at the limit it is given and says so', async () => {
    const one = await cli(['validate', broken, '--max-errors', '1'], { cwd: temp.dir });
    expect(one.code).toBe(1);
    expect(one.stderr).toMatch(
      /1 problem in .*items\.jsonl \(stopped there; --max-errors raises the limit\)/,
    );
    const all = await cli(['validate', broken, '--max-errors', '50'], { cwd: temp.dir });
    expect(all.stderr).toMatch(/3 problems in /);
  });
});
