import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user cache directory of borderline: `BORDERLINE_CACHE_DIR`, else `$XDG_CACHE_HOME/borderline`, else
 * `~/.cache/borderline`.
 */
export function resolveCacheDir(environment: NodeJS.ProcessEnv = process.env): string {
  const explicit = environment.BORDERLINE_CACHE_DIR;
  if (explicit !== undefined && explicit !== '') return explicit;
  const xdg = environment.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg !== '') return join(xdg, 'borderline');
  return join(homedir(), '.cache', 'borderline');
}
