import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { readManifest, readSiblingManifest } from './dataset-files';
import { validateDataset } from './validate-dataset';

const good = join(import.meta.dirname, '__fixtures__', 'good');

/** A copy of the good fixture whose dataset.json is replaced by `write`. */
function withManifest(write: (path: string) => void): string {
  const dir = tempDir('borderline-manifest-').dir;
  for (const file of ['items.jsonl', 'labels.jsonl']) copyFileSync(join(good, file), join(dir, file));
  write(join(dir, 'dataset.json'));
  return dir;
}

describe('readManifest', () => {
  it('reads a dataset.json that starts with a byte-order mark, like every other file', async () => {
    const text = readFileSync(join(good, 'dataset.json'), 'utf8');
    const dir = withManifest((path) => writeFileSync(path, `\uFEFF${text}`));
    expect((await readManifest(join(dir, 'dataset.json'))).name).toBe('tiny');
    expect((await validateDataset(dir)).ok).toBe(true);
  });

  it.each([
    ['broken', (path: string) => writeFileSync(path, '{"name": "tiny",'), /broken JSON/],
    ['empty', (path: string) => writeFileSync(path, ''), /empty file/],
    ['blank', (path: string) => writeFileSync(path, '\uFEFF \n'), /empty file/],
    ['a folder', (path: string) => mkdirSync(path), /is a folder/],
  ])('refuses a %s dataset.json with invalid-data naming the file', async (_, write, message) => {
    const dir = withManifest(write);
    const path = join(dir, 'dataset.json');
    const error = await readManifest(path).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid-data', issues: [expect.objectContaining({ file: path })] });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/^ingest:/);
    // The labels file beside it meets the same reader (as `borderline agreement` does).
    await expect(readSiblingManifest(join(dir, 'labels.jsonl'))).rejects.toMatchObject({
      code: 'invalid-data',
    });
    const validation = await validateDataset(dir);
    expect(validation.ok).toBe(false);
    expect(validation.issues[0]).toMatchObject({ file: path });
  });

  it('is absent, not an error, beside a file with no dataset.json', async () => {
    const dir = tempDir('borderline-manifest-').dir;
    expect(await readSiblingManifest(join(dir, 'labels.jsonl'))).toBeUndefined();
  });
});
