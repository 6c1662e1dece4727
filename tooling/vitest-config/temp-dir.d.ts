/** A temporary folder that removes itself (see {@link tempDir}). */
export interface TempDir {
  /** The folder's path; the folder is made on the first read. */
  readonly dir: string;
}

/**
 * A fresh folder under the OS temp dir, removed with all it holds when its scope ends: called inside a test
 * (or its `beforeEach`), when that test finishes; called in a file or `describe` body, after that file's or
 * block's tests (after the `afterAll` hooks registered later, which run first: servers, workers and processes
 * writing into it are stopped before it goes). The folder is made on the first read of `dir`, so a skipped file
 * or block that only reads it in its hooks and tests leaves nothing behind. Not for a `beforeAll`: there it has
 * no scope to attach to.
 */
export declare function tempDir(prefix: string): TempDir;
