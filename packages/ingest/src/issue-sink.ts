import type { DataIssue } from '@borderline/core';
import type { z } from 'zod';

/** The default number of problems collected before a read stops. */
export const DEFAULT_MAX_ERRORS = 20;

/** Collects data issues up to a limit; `full` tells a reader to stop. */
export interface IssueSink {
  readonly issues: DataIssue[];
  readonly full: boolean;
  add(issue: DataIssue): void;
}

/** A sink that keeps the first `max` issues, and forwards each to `onIssue` when given. */
export function createIssueSink(max = DEFAULT_MAX_ERRORS, onIssue?: (issue: DataIssue) => void): IssueSink {
  const issues: DataIssue[] = [];
  return {
    issues,
    get full() {
      return issues.length >= max;
    },
    add(issue) {
      if (issues.length >= max) return;
      issues.push(issue);
      onIssue?.(issue);
    },
  };
}

/** Where a record sits: a 1-based line of a text file, or a 1-based row of a Parquet file. */
export interface RecordPlace {
  readonly file: string;
  readonly line?: number;
  readonly row?: number;
}

/** A short, printable rendering of a value found in the input (strings quoted, long ones cut). */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const cut = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(cut);
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let current = record;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function expectedOf(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'a non-empty string' : `>= ${String(issue.minimum)}`;
    case 'custom':
      return issue.path.at(-1) === 'text' ? 'non-blank text' : undefined;
    default:
      return undefined;
  }
}

/** Turns the zod issues of one record into data issues that name the place, field, expectation and finding. */
export function zodIssues(error: z.ZodError, record: unknown, place: RecordPlace): DataIssue[] {
  return error.issues.map((issue) => {
    const found = valueAt(record, issue.path);
    const expected = expectedOf(issue);
    return {
      ...place,
      field: issue.path.map(String).join('.'),
      message: messageOf(issue, found),
      ...(expected === undefined ? {} : { expected }),
      found: describeFound(found),
    };
  });
}

/** zod's own messages repeat what expected/found already say; keep only the gist. */
function messageOf(issue: z.core.$ZodIssue, found: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return found === undefined ? `missing ${String(issue.path.at(-1))}` : 'wrong type';
    case 'invalid_value':
      return 'not an allowed value';
    default:
      return issue.message;
  }
}
