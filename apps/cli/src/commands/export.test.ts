import { BorderlineError } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { writeTarget } from './export';

function systemError(code: string): Error {
  return Object.assign(new Error(`${code}: failed`), { code });
}

describe("export's writes", () => {
  it('adds each written file to the list', async () => {
    const written: string[] = [];
    await writeTarget('/out/labels.jsonl', written, async () => {});
    await writeTarget('/out/model.bin', written, async () => {});
    expect(written).toEqual(['/out/labels.jsonl', '/out/model.bin']);
  });

  it('names the target, the reason and what was already written when the file system fails late', async () => {
    const written = ['/out/labels.jsonl'];
    const full = new BorderlineError({
      code: 'io',
      message: 'cannot write /out/model.bin (ENOSPC)',
      cause: systemError('ENOSPC'),
    });
    const refused = writeTarget('/out/model.bin', written, () => Promise.reject(full));
    await expect(refused).rejects.toThrow(
      'export: cannot write /out/model.bin: no space left on the device (already written: /out/labels.jsonl)',
    );
    await expect(refused).rejects.toMatchObject({ code: 'io' });
    expect(written).toEqual(['/out/labels.jsonl']);
    await expect(writeTarget('/out/a', [], () => Promise.reject(systemError('EACCES')))).rejects.toThrow(
      'export: cannot write /out/a: permission denied (nothing was written)',
    );
  });

  it('keeps the list of what was written for a file-system code it has no words for (its message instead)', async () => {
    const written = ['/out/labels.jsonl'];
    const failed = new BorderlineError({
      code: 'io',
      message: 'cannot write /out/model.bin (EIO)',
      cause: systemError('EIO'),
    });
    const refused = writeTarget('/out/model.bin', written, () => Promise.reject(failed));
    await expect(refused).rejects.toThrow(
      'export: cannot write /out/model.bin: EIO: failed (already written: /out/labels.jsonl)',
    );
    await expect(refused).rejects.toMatchObject({ code: 'io', cause: failed });
    await expect(writeTarget('/out/a', [], () => Promise.reject(systemError('EBUSY')))).rejects.toThrow(
      'export: cannot write /out/a: EBUSY: failed (nothing was written)',
    );
  });

  it('passes any other failure on unchanged', async () => {
    const bug = new TypeError('not a label');
    await expect(writeTarget('/out/a', [], () => Promise.reject(bug))).rejects.toBe(bug);
    const invalid = new BorderlineError({ code: 'invalid-data', message: 'bad record' });
    await expect(writeTarget('/out/a', [], () => Promise.reject(invalid))).rejects.toBe(invalid);
  });
});
