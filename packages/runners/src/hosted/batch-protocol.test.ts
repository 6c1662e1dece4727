import { BorderlineError } from '@borderline/core';
import { describe, expect, it } from 'vitest';
import { type BatchItemResult, readBatchLines } from './batch-protocol';

const SOURCE = { file: 'openai file file-1', component: 'openai batch output', keyField: 'custom_id' };
const read = (line: { answer?: 0 | 1 }): BatchItemResult =>
  line.answer === undefined
    ? { ok: false, message: 'no answer' }
    : { ok: true, answer: { label: line.answer, probability: line.answer } };

function issuesOf(text: string) {
  try {
    readBatchLines(text, SOURCE, read, new Map());
  } catch (error) {
    if (BorderlineError.is(error)) return { code: error.code, issues: error.issues };
    throw error;
  }
  throw new Error('expected an error');
}

describe('readBatchLines', () => {
  it('reads each non-blank line under its key', () => {
    const into = new Map<string, BatchItemResult>();
    readBatchLines('{"custom_id":"a","answer":1}\n\n{"custom_id":"b"}\n', SOURCE, read, into);
    expect([...into]).toEqual([
      ['a', { ok: true, answer: { label: 1, probability: 1 } }],
      ['b', { ok: false, message: 'no answer' }],
    ]);
  });

  it('refuses a line that is not JSON or has no key, naming file, line and field', () => {
    expect(issuesOf('{"custom_id":"a"}\n{oops')).toMatchObject({
      code: 'invalid-data',
      issues: [{ file: 'openai file file-1', line: 2 }],
    });
    expect(issuesOf('\n{"custom_id":3}')).toMatchObject({
      issues: [{ file: 'openai file file-1', line: 2, field: 'custom_id', message: 'missing' }],
    });
  });
});
