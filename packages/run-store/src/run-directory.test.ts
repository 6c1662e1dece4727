import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { openRunStore } from './open-run-store';

const root = tempDir('borderline-run-dir-').dir;

describe('creating a run directory', () => {
  it('a path that is a file is refused naming it (regression: ENOTDIR escaped as an internal error)', async () => {
    const file = join(root, 'file.txt');
    writeFileSync(file, 'x');
    await expect(openRunStore(file, { mode: 'create' })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringContaining('it is a file'),
    });
    await expect(openRunStore(join(file, 'run'), { mode: 'create' })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringContaining(`${file} is a file`),
    });
  });

  it.skipIf(!existsSync('/proc/self'))(
    'a place where directories cannot be made fails at once (regression: endless mkdir loop)',
    async () => {
      await expect(openRunStore('/proc/borderline-run/x', { mode: 'create' })).rejects.toMatchObject({
        code: 'invalid-argument',
        message: expect.stringContaining('cannot create the run /proc/borderline-run/x'),
      });
    },
  );

  it('a non-empty directory is refused; missing parents are made', async () => {
    mkdirSync(join(root, 'full'));
    writeFileSync(join(root, 'full', 'a'), '');
    await expect(openRunStore(join(root, 'full'), { mode: 'create' })).rejects.toMatchObject({
      code: 'run-state',
    });
    const store = await openRunStore(join(root, 'a', 'b', 'run'), { mode: 'create' });
    store.close();
    expect(existsSync(join(root, 'a', 'b', 'run', 'run.duckdb'))).toBe(true);
  });
});
