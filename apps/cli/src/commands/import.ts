import { basename, resolve } from 'node:path';
import { BorderlineError } from '@borderline/core';
import type { CurationState } from '@borderline/loop';
import type { AppendResult } from '@borderline/run-store';
import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';
import { readAnnotatorMap } from '../session/annotator-identity';
import { checkImport, type ImportFile, readImportFile } from '../session/import-file';
import { type RunSession, withRun } from '../session/run-session';
import { outputOf, withRunDir } from './shared';

interface ImportArgs {
  runDir: string;
  labelsFile: string;
  annotatorMap?: string;
  newAnnotators?: boolean;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

/** Why no batch is pending, and the command that comes next. */
function noBatchHint(state: CurationState, runDir: string): string {
  if (state.phase === 'done') return `the run has stopped; see borderline status ${runDir}`;
  if (state.phase === 'score' && state.modelVersion === 0)
    return `run borderline prelabel ${runDir}, then borderline select ${runDir}`;
  if (state.phase === 'select') return `run borderline select ${runDir} to pick the next batch`;
  return `the run is not waiting for labels; see borderline status ${runDir}`;
}

/** The annotators the run's ledger already knows as experts. */
async function knownExperts(session: RunSession): Promise<Set<string>> {
  return new Set(
    (await session.store.readLabels())
      .filter((entry) => entry.role === 'expert')
      .map((entry) => entry.annotator),
  );
}

/** Refuses a Label Studio export whose users the run cannot place, unless they are declared new. */
function refuseUnknownUsers(input: ImportFile, known: ReadonlySet<string>, newAnnotators: boolean): void {
  if (input.unmatched.length === 0 || known.size === 0 || newAnnotators) return;
  throw new BorderlineError({
    code: 'invalid-data',
    message: `import: ${input.file}: ${input.unmatched.length} Label Studio user(s) are not annotators this run knows: ${input.unmatched.slice(0, 5).join(', ')} (the run knows ${[...known].slice(0, 5).join(', ')}${known.size > 5 ? ', ...' : ''}). Say who they are with --annotator-map FILE (lines "6,maria"), or pass --new-annotators if they are new people; nothing was imported`,
  });
}

/** Checks the file's labels against the run: the pending batch, the pool (crowd labels) and the categories. */
async function checkAgainstRun(session: RunSession, input: ImportFile, runDir: string): Promise<void> {
  const state = session.state();
  const pendingBatch = state.phase === 'annotate' ? state.batches.at(-1) : undefined;
  const pending = await session.itemsAt(pendingBatch?.items ?? []);
  const crowd = input.labels.filter((label) => label.role === 'crowd').map((label) => label.item);
  checkImport(input, {
    categories: session.config.dataset.labels,
    pending: new Set(pending.map((item) => item.id)),
    // Crowd labels may be for any item of the pool: only their ids are looked up.
    pool: new Set((await session.store.indicesOf(crowd)).keys()),
    iteration: state.iteration,
    noBatch: noBatchHint(state, runDir),
  });
}

/** What an import did: the ledger batch, labels added and already there, and rows left unlabelled. */
interface ImportResult extends AppendResult {
  readonly again: boolean;
  readonly unlabelled: number;
}

/** Reads, checks and appends the labels file in the run's session; the same file again adds nothing. */
async function importLabels(
  io: CliIo,
  session: RunSession,
  args: ImportArgs,
  file: string,
): Promise<ImportResult> {
  // Everything is checked before the ledger is touched: a bad file leaves the run unchanged.
  const known = await knownExperts(session);
  const map =
    args.annotatorMap === undefined ? new Map() : readAnnotatorMap(resolve(io.cwd, args.annotatorMap));
  const input = await readImportFile(file, { map, known });
  refuseUnknownUsers(input, known, args.newAnnotators === true);
  // The same file again adds nothing, whatever the run did since (a step, the stop): idempotent.
  const before = await session.store.findBatch(input.sha256);
  if (before !== undefined)
    return {
      batch: before.batch,
      added: 0,
      duplicates: input.labels.length,
      again: true,
      unlabelled: input.unlabelled,
    };
  await checkAgainstRun(session, input, args.runDir);
  const { iteration } = session.state();
  const labels = input.labels.map((label) =>
    label.role === 'crowd' || label.iteration !== undefined ? label : { ...label, iteration },
  );
  const appended = await session.store.appendLabels(labels, {
    source: basename(file),
    sha256: input.sha256,
    iteration,
  });
  return { ...appended, again: false, unlabelled: input.unlabelled };
}

/** The line `borderline import` prints. */
function importLine(result: ImportResult, file: string, runDir: string): string {
  return result.again
    ? `import: ${basename(file)} was already imported (${result.batch}); nothing added`
    : `import: ${result.added} label(s) added to the ledger as ${result.batch}${result.duplicates > 0 ? ` (${result.duplicates} already there)` : ''}${result.unlabelled > 0 ? `; ${result.unlabelled} row(s) not labelled yet (empty label and annotator)` : ''}\nnext: borderline step ${runDir}`;
}

/** `borderline import`: adds expert labels to the run's ledger (validated, idempotent, one transaction). */
export function importCommand(io: CliIo): CommandModule<object, ImportArgs> {
  return {
    command: 'import <run-dir> <labels-file>',
    describe:
      "Add the experts' labels for the pending batch to the ledger (JSONL, CSV or a Label Studio export)",
    builder: (yargs) =>
      withRunDir(yargs)
        .positional('labels-file', {
          type: 'string',
          demandOption: true,
          describe: 'labels .jsonl/.csv, or Label Studio .json',
        })
        .option('annotator-map', {
          type: 'string',
          describe:
            'Label Studio: who each user is in this run (lines "6,maria" or a JSON object; by id, e-mail or name)',
        })
        .option('new-annotators', {
          type: 'boolean',
          describe:
            'Label Studio: users the run does not know yet are new annotators (else such an import is refused)',
        })
        .example('$0 import runs/abuse labels-iteration-1.jsonl', 'Lines of {item, annotator, role, label}')
        .example(
          '$0 import runs/abuse export.json',
          "Label Studio's JSON export of the iteration's tasks",
        ) as never,
    handler: async (args) => {
      const output = outputOf(io, args);
      const file = resolve(io.cwd, args.labelsFile);
      const result = await withRun(io, args.runDir, 'write', (session) =>
        importLabels(io, session, args, file),
      );
      output.result(result, () => importLine(result, file, args.runDir));
    },
  };
}
