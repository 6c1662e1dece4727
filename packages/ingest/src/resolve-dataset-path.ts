import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, resolve } from 'node:path';
import { BorderlineError } from '@borderline/core';

/** Where to look for dataset names. */
export interface ResolveOptions {
  /** The environment holding `BORDERLINE_DATA_PATH` (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths are taken against (default `process.cwd()`). */
  readonly cwd?: string;
}

/**
 * Resolves a dataset folder or file. A path that exists wins; otherwise the name is looked up in each entry of
 * `BORDERLINE_DATA_PATH` (colon-separated; relative entries are taken against `cwd`), first match wins.
 * Throws `not-found` listing every place it looked.
 */
export function resolveDatasetPath(nameOrPath: string, options: ResolveOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const direct = resolve(cwd, nameOrPath);
  if (existsSync(direct)) return direct;
  const looked = [direct];
  if (!isAbsolute(nameOrPath)) {
    const entries = (env.BORDERLINE_DATA_PATH ?? '').split(delimiter).filter((entry) => entry !== '');
    for (const entry of entries) {
      const candidate = resolve(cwd, entry, nameOrPath);
      if (existsSync(candidate)) return candidate;
      looked.push(candidate);
    }
  }
  const hint =
    env.BORDERLINE_DATA_PATH === undefined || env.BORDERLINE_DATA_PATH === ''
      ? '\n  (BORDERLINE_DATA_PATH is not set; set it to the folder that holds your datasets)'
      : '';
  throw new BorderlineError({
    code: 'not-found',
    message: `ingest: no dataset "${nameOrPath}"; looked in:\n${looked.map((place) => `  ${place}`).join('\n')}${hint}`,
  });
}
