import { describe, expect, it } from 'vitest';
import { describeFailure, EXIT_USER, failureReason } from './exit-codes';
import { cannotWrite } from './named-file';

/** A file-system error as Node makes them. */
function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, path: '/tmp/x.tmp' });
}

describe('cannotWrite', () => {
  it('names the path and the reason in words, once, as an io error the user can act on', () => {
    for (const [code, reason] of [
      ['EACCES', 'permission denied'],
      ['EROFS', 'read-only file system'],
      ['ENOSPC', 'no space left on the device'],
      ['EMFILE', "EMFILE: too many open files, open '/tmp/x.tmp'"],
    ] as const) {
      const cause = systemError(code, `${code}: too many open files, open '/tmp/x.tmp'`);
      const error = cannotWrite('/out/labels.jsonl', failureReason(cause), 'export', cause);
      expect(error.code, code).toBe('io');
      expect(error.message, code).toBe(`export: cannot write /out/labels.jsonl: ${reason}`);
      expect(error.cause).toBe(cause);
      const failure = describeFailure(error);
      expect(failure.code).toBe(EXIT_USER);
      expect(failure.message, code).toBe(`cannot write /out/labels.jsonl: ${reason}`);
    }
  });

  it('takes a reason of its own, with no cause', () => {
    const error = cannotWrite('/out', 'it is a file, not a folder', 'export');
    expect(error.cause).toBeUndefined();
    expect(describeFailure(error).message).toBe('cannot write /out: it is a file, not a folder');
  });
});
