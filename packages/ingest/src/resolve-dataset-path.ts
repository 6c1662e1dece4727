import { existsSync, readdirSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
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
 * Throws `not-found` listing every place it looked and the datasets (folders with a `dataset.json`) that are there.
 */
export function resolveDatasetPath(nameOrPath: string, options: ResolveOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const direct = resolve(cwd, nameOrPath);
  if (existsSync(direct)) return direct;
  const looked = [direct];
  if (!isAbsolute(nameOrPath)) {
    for (const entry of searchPath(env)) {
      const candidate = resolve(cwd, entry, nameOrPath);
      if (existsSync(candidate)) return candidate;
      looked.push(candidate);
    }
  }
  const hint =
    env.BORDERLINE_DATA_PATH === undefined || env.BORDERLINE_DATA_PATH === ''
      ? '\n  (BORDERLINE_DATA_PATH is not set; set it to the folder that holds your datasets)'
      : knownDatasets(searchPath(env), cwd);
  throw new BorderlineError({
    code: 'not-found',
    message: `no dataset "${nameOrPath}"; looked in:\n${looked.map((place) => `  ${place}`).join('\n')}${hint}`,
  });
}

function searchPath(env: Readonly<Record<string, string | undefined>>): string[] {
  return (env.BORDERLINE_DATA_PATH ?? '').split(delimiter).filter((entry) => entry !== '');
}

/** The dataset folders (holding a `dataset.json`) on the search path, as a line of the not-found message. */
function knownDatasets(entries: readonly string[], cwd: string): string {
  const names = new Set<string>();
  for (const entry of entries) {
    let children: string[];
    try {
      children = readdirSync(resolve(cwd, entry));
    } catch {
      continue;
    }
    for (const child of children) {
      if (existsSync(join(resolve(cwd, entry), child, 'dataset.json'))) names.add(child);
    }
  }
  return names.size === 0
    ? '\n  (no dataset folder, one holding a dataset.json, is on BORDERLINE_DATA_PATH)'
    : `\ndatasets on BORDERLINE_DATA_PATH: ${[...names].sort().join(', ')}`;
}
