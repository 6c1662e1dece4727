import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFailure, EXIT_USER } from '../src/exit-codes';
import { cannotRead, readNamedFile } from '../src/named-file';
import { readTokenFile } from '../src/review/expert-tokens';
import { readAnnotatorMap } from '../src/session/annotator-identity';
import { readImportFile } from '../src/session/import-file';
import { cli, tempDir } from './helpers';

const temp = tempDir('borderline-read-errors-');
const folder = join(temp.dir, 'a-folder');
mkdirSync(folder);
const missing = join(temp.dir, 'missing.txt');

/** What the CLI prints for what `read` threw. */
function failureOf(read: () => unknown) {
  try {
    read();
  } catch (error) {
    return describeFailure(error);
  }
  throw new Error('expected the read to fail');
}

/** A file-system error as Node makes them. */
function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, path: '/x' });
}

describe('a file a person named that cannot be read', () => {
  it('says what went wrong: missing, a folder, permission denied, else the system message (once)', () => {
    const cases = [
      ['ENOENT', 'not-found', 'import: cannot read /x: not found'],
      ['EISDIR', 'io', 'import: cannot read /x: is a folder, expected a file'],
      ['EACCES', 'io', 'import: cannot read /x: permission denied'],
      ['EMFILE', 'io', "import: cannot read /x: EMFILE: too many open files, open '/x'"],
    ] as const;
    for (const [code, errorCode, message] of cases) {
      const error = cannotRead('/x', systemError(code, `${code}: too many open files, open '/x'`), 'import');
      expect(error.code, code).toBe(errorCode);
      expect(error.message, code).toBe(message);
      const failure = describeFailure(error);
      expect(failure.code).toBe(EXIT_USER);
      // The renderer drops the component and adds nothing the message already says.
      expect(failure.message, code).toBe(message.replace('import: ', ''));
    }
    expect(cannotRead('/m', systemError('EIO', 'EIO: i/o error'), 'predict', 'the model file ').message).toBe(
      'predict: cannot read the model file /m: EIO: i/o error',
    );
  });

  it('reads a file it can, and refuses a folder and a missing file by their reasons', () => {
    const file = join(temp.dir, 'tokens.txt');
    writeFileSync(file, 'ana 0123456789abcdef\n');
    expect(readNamedFile(file, 'review').toString('utf8')).toBe('ana 0123456789abcdef\n');
    expect(failureOf(() => readNamedFile(folder, 'review'))).toMatchObject({
      errorCode: 'io',
      message: `cannot read ${folder}: is a folder, expected a file`,
    });
    expect(failureOf(() => readNamedFile(missing, 'review'))).toMatchObject({
      errorCode: 'not-found',
      message: `cannot read ${missing}: not found`,
    });
  });

  it.skipIf(process.getuid?.() === 0)(
    'names a permission problem (not run as root: root reads anything)',
    () => {
      const locked = join(temp.dir, 'locked.txt');
      writeFileSync(locked, 'x');
      chmodSync(locked, 0o000);
      expect(failureOf(() => readNamedFile(locked, 'import'))).toMatchObject({
        errorCode: 'io',
        message: `cannot read ${locked}: permission denied`,
      });
    },
  );

  it('import, --annotator-map and --token-file give the reason (regression: "cannot read X", code not-found)', async () => {
    await expect(readImportFile(folder)).rejects.toMatchObject({
      code: 'io',
      message: `import: cannot read ${folder}: is a folder, expected a file`,
    });
    expect(failureOf(() => readAnnotatorMap(folder))).toMatchObject({
      errorCode: 'io',
      message: `--annotator-map: cannot read ${folder}: is a folder, expected a file`,
    });
    expect(failureOf(() => readTokenFile(missing))).toMatchObject({
      errorCode: 'not-found',
      message: `cannot read ${missing}: not found`,
    });
    const review = await cli(['review', 'no-run', '--token-file', folder], { cwd: temp.dir });
    expect(review.code).toBe(EXIT_USER);
    expect(review.stderr).toBe(`error: cannot read ${folder}: is a folder, expected a file\n`);
  });

  it.skipIf(!existsSync('/proc/self/mem'))(
    'predict names the model file and the system message of a read that fails (regression: "cannot read the model file X")',
    async () => {
      const result = await cli(['predict', '/proc/self/mem', 'items.jsonl'], { cwd: temp.dir });
      expect(result.code).toBe(EXIT_USER);
      expect(result.stderr).toMatch(/^error: cannot read the model file \/proc\/self\/mem: EIO: /);
    },
  );
});
