import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BorderlineError, type DataIssue, dataError } from '@borderline/core';
import { readNamedFile } from '../named-file';
import { expertNameSchema } from './api-schemas';

/** Expert name -> that expert's secret token. */
export type ExpertTokens = ReadonlyMap<string, string>;

/** Tokens shorter than this are refused in a token file (guessable). */
export const MIN_TOKEN_LENGTH = 16;

/** A fresh random token per expert (24 random bytes, base64url). */
export function createTokens(experts: readonly string[]): ExpertTokens {
  return new Map(experts.map((expert) => [expert, randomBytes(24).toString('base64url')]));
}

/**
 * Reads a token file: one `name token` per line; blank lines and lines starting with `#` are ignored. Every
 * problem names the file, line and field.
 */
export function readTokenFile(path: string): ExpertTokens {
  const text = readNamedFile(path, 'review').toString('utf8');
  const tokens = new Map<string, string>();
  const issues: DataIssue[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const place = { file: path, line: index + 1 };
    const [name = '', token = '', ...rest] = line.split(/\s+/);
    if (!expertNameSchema.safeParse(name).success) {
      issues.push({ ...place, field: 'name', message: 'not an expert name (letters, digits, . _ -)' });
    } else if (tokens.has(name)) {
      issues.push({ ...place, field: 'name', message: `"${name}" appears twice` });
    }
    if (token.length < MIN_TOKEN_LENGTH || rest.length > 0) {
      issues.push({
        ...place,
        field: 'token',
        message: `expected one token of at least ${MIN_TOKEN_LENGTH} characters after the name`,
      });
    }
    tokens.set(name, token);
  });
  if (issues.length > 0) throw dataError(issues, `review: ${issues.length} problem(s) in ${path}`);
  if (tokens.size === 0) {
    throw new BorderlineError({ code: 'invalid-data', message: `review: ${path} names no expert` });
  }
  return tokens;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
const UNKNOWN = digest(randomBytes(32).toString('hex'));

/**
 * Whether `presented` is the token of `expert`. Both sides are hashed to equal-length digests and compared with
 * `timingSafeEqual`, so the time taken says nothing about how much of a token was right; an unknown expert is
 * compared against a random digest the same way.
 */
export function tokenMatches(tokens: ExpertTokens, expert: string, presented: string | undefined): boolean {
  const expected = tokens.get(expert);
  const equal = timingSafeEqual(expected === undefined ? UNKNOWN : digest(expected), digest(presented ?? ''));
  return equal && expected !== undefined && presented !== undefined;
}

/** Whether a host name or address is this machine's loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}
