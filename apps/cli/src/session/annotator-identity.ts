import { type DataIssue, dataError } from '@borderline/core';
import { readNamedFile } from '../named-file';

/** Who a Label Studio user is, as far as the export says: its id, and a name and e-mail when it gives them. */
export interface ExportUser {
  readonly id: string;
  readonly email?: string;
  readonly name?: string;
  readonly username?: string;
}

/** How export users become the run's annotators: an explicit map, then the annotators the run already knows. */
export interface AnnotatorIdentities {
  /** `--annotator-map`: a user id, `label-studio:<id>`, e-mail, name or username -> the run's annotator. */
  readonly map: ReadonlyMap<string, string>;
  /** Annotators already in the run's ledger. */
  readonly known: ReadonlySet<string>;
}

/** No map, nobody known. */
export const NO_IDENTITIES: AnnotatorIdentities = { map: new Map(), known: new Set() };

/** The names an export user may go by, most specific first. */
function candidates(user: ExportUser): string[] {
  return [user.email, user.username, user.name, user.id, `label-studio:${user.id}`].filter(
    (value): value is string => value !== undefined && value !== '',
  );
}

/**
 * The run's annotator for an export user: the map's entry for any of its names, else a name the run already
 * knows, else its e-mail (or username) as it is, else `label-studio:<id>` (`matched` false: the run does not
 * know this person yet).
 */
export function resolveAnnotator(
  user: ExportUser,
  identities: AnnotatorIdentities,
): { readonly annotator: string; readonly matched: boolean } {
  const names = candidates(user);
  for (const name of names) {
    const mapped = identities.map.get(name);
    if (mapped !== undefined) return { annotator: mapped, matched: true };
  }
  for (const name of names) if (identities.known.has(name)) return { annotator: name, matched: true };
  return { annotator: user.email ?? user.username ?? `label-studio:${user.id}`, matched: false };
}

/**
 * Reads `--annotator-map FILE`: a JSON object `{ "<from>": "<annotator>" }`, or lines `from,annotator` (also tab
 * or `=` separated; `#` comments and blank lines skipped). A bad line names its file and line.
 */
export function readAnnotatorMap(file: string): Map<string, string> {
  const text = readNamedFile(file, '--annotator-map')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw dataError([{ file, line: 1, message: `not valid JSON: ${(error as Error).message}` }]);
    }
    const entries = Object.entries(parsed as Record<string, unknown>);
    const bad = entries.filter(([, value]) => typeof value !== 'string' || value === '');
    if (bad.length > 0) {
      throw dataError(
        bad.map(([key]) => ({ file, line: 1, field: key, message: 'expected an annotator name' })),
      );
    }
    return new Map(entries as [string, string][]);
  }
  const map = new Map<string, string>();
  const issues: DataIssue[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^([^,\t=]+)[,\t=](.+)$/.exec(line);
    if (match === null) {
      issues.push({
        file,
        line: index + 1,
        message: 'expected "from,annotator"',
        found: JSON.stringify(line),
      });
      return;
    }
    map.set(match[1]!.trim(), match[2]!.trim());
  });
  if (issues.length > 0) throw dataError(issues, `--annotator-map: ${issues.length} problem(s) in ${file}`);
  return map;
}
