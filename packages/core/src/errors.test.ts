import { describe, expect, it } from 'vitest';
import { BorderlineError, dataError, formatDataIssue, throwIfAborted } from './errors';

describe('BorderlineError', () => {
  it('is recognised by its marker, also on a structurally copied error', () => {
    const error = new BorderlineError({ code: 'io', message: 'disk full', retryable: true });
    expect(BorderlineError.is(error)).toBe(true);
    expect(BorderlineError.is(new Error('x'))).toBe(false);
    expect(BorderlineError.is({ [Symbol.for('borderline.error')]: true })).toBe(true);
    expect(error.retryable).toBe(true);
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new BorderlineError({ code: 'internal', message: 'x', cause }).cause).toBe(cause);
  });

  it('formats data issues as file:line: field: message (expected, found)', () => {
    expect(
      formatDataIssue({
        file: 'labels.jsonl',
        line: 3,
        field: 'role',
        message: 'unknown role',
        expected: 'expert|crowd',
        found: '"boss"',
      }),
    ).toBe('labels.jsonl:3: role: unknown role (expected expert|crowd, found "boss")');
    expect(formatDataIssue({ file: 'x.parquet', row: 9, message: 'bad' })).toBe('x.parquet:row 9: bad');
    const error = dataError([{ file: 'a', line: 1, message: 'm' }]);
    expect(error.code).toBe('invalid-data');
    expect(error.message).toContain('a:1: m');
  });

  it('throws an aborted error once the signal fires', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    controller.abort();
    expect(() => throwIfAborted(controller.signal, 'embed')).toThrow(/embed: aborted/);
  });
});
