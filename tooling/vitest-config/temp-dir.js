import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished, TestRunner } from 'vitest';

/**
 * A fresh folder under the OS temp dir, removed with all it holds when its scope ends (see temp-dir.d.ts).
 * @param {string} prefix
 */
export function tempDir(prefix) {
  /** @type {string | undefined} */
  let made;
  const remove = () => {
    if (made !== undefined) rmSync(made, { recursive: true, force: true });
  };
  if (TestRunner.getCurrentTest() === undefined) afterAll(remove);
  else onTestFinished(remove);
  return {
    get dir() {
      made ??= mkdtempSync(join(tmpdir(), prefix));
      return made;
    },
  };
}
