import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { resolveDatasetPath } from './resolve-dataset-path';

describe('resolveDatasetPath', () => {
  const root = tempDir('borderline-resolve-').dir;
  mkdirSync(join(root, 'one', 'alpha'), { recursive: true });
  mkdirSync(join(root, 'two', 'alpha'), { recursive: true });
  mkdirSync(join(root, 'two', 'beta'), { recursive: true });
  mkdirSync(join(root, 'cwd', 'beta'), { recursive: true });

  it('searches BORDERLINE_DATA_PATH in order, relative entries against cwd', () => {
    const env = { BORDERLINE_DATA_PATH: `../one::${join(root, 'two')}` };
    const cwd = join(root, 'cwd');
    expect(resolveDatasetPath('alpha', { env, cwd })).toBe(join(root, 'one', 'alpha'));
    // A path that exists wins over the search path.
    expect(resolveDatasetPath('beta', { env, cwd })).toBe(join(root, 'cwd', 'beta'));
  });

  it('says where it looked when nothing matches', () => {
    const env = { BORDERLINE_DATA_PATH: join(root, 'one') };
    let error: unknown;
    try {
      resolveDatasetPath('gamma', { env, cwd: root });
    } catch (caught) {
      error = caught;
    }
    expect(BorderlineError.is(error) && error.code).toBe('not-found');
    expect(String((error as Error).message)).toContain(join(root, 'one', 'gamma'));
    expect(String((error as Error).message)).toContain(join(root, 'gamma'));
  });

  it('hints at BORDERLINE_DATA_PATH when it is unset', () => {
    expect(() => resolveDatasetPath('gamma', { env: {}, cwd: root })).toThrow(
      /BORDERLINE_DATA_PATH is not set/,
    );
  });

  it('finds the real datasets through the path the test preset sets', () => {
    expect(resolveDatasetPath('convabuse')).toMatch(/datasets\/convabuse$/);
  });
});

describe('resolveDatasetPath on a miss', () => {
  it('lists the datasets that exist on BORDERLINE_DATA_PATH (a typo is then obvious)', () => {
    const root = tempDir('borderline-known-').dir;
    for (const name of ['convabuse', 'stop-clickbait']) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'dataset.json'), '{}');
    }
    mkdirSync(join(root, 'not-a-dataset'));
    expect(() => resolveDatasetPath('convabus', { env: { BORDERLINE_DATA_PATH: root }, cwd: root })).toThrow(
      /datasets on BORDERLINE_DATA_PATH: convabuse, stop-clickbait$/,
    );
  });
});
