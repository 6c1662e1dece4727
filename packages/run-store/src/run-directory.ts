import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { BorderlineError } from '@borderline/core';

function cannotCreate(runDir: string, why: string): BorderlineError {
  return new BorderlineError({
    code: 'invalid-argument',
    message: `cannot create the run ${runDir}: ${why}`,
  });
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'this file system does not allow new directories there';
    case 'ENOTDIR':
      return 'a parent is a file, not a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function kindOf(path: string): 'directory' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; walking up finds it and names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

/**
 * Makes the (new or empty) directory of a run, one missing level at a time from the nearest existing parent, so
 * every failure names the run and why: a path that is a file, a non-empty directory, a parent that is a file, a
 * place where directories cannot be made (a read-only or virtual file system, no permission). Never loops: each
 * level is made once or the call fails.
 */
export function makeRunDirectory(runDir: string): void {
  const missing: string[] = [];
  let path = runDir;
  try {
    for (;;) {
      const kind = kindOf(path);
      if (kind === 'directory') break;
      if (kind === 'other') {
        throw cannotCreate(runDir, path === runDir ? 'it is a file' : `${path} is a file, not a directory`);
      }
      missing.push(path);
      const parent = dirname(path);
      if (parent === path) break;
      path = parent;
    }
    if (missing.length === 0 && readdirSync(runDir).length > 0) {
      throw new BorderlineError({
        code: 'run-state',
        message: `${runDir} exists and is not empty (a run needs a new or empty directory)`,
      });
    }
    for (const level of missing.reverse()) mkdirSync(level);
  } catch (error) {
    if (error instanceof BorderlineError) throw error;
    throw cannotCreate(runDir, reason(error));
  }
}
