import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BorderlineError, invalidArgument, type Label } from '@borderline/core';
import { writeFileAtomically, writeLabels } from '@borderline/ingest';
import type { CommandModule } from 'yargs';
import { failureReason } from '../exit-codes';
import type { CliIo } from '../io';
import { cannotWrite } from '../named-file';
import { colorsFor } from '../render/colors';
import { type RunSession, withRun } from '../session/run-session';
import { buildStatus } from '../session/status-report';
import { outputOf, withRunDir } from './shared';
import { renderStatus } from './status';

interface ExportArgs {
  runDir: string;
  labels?: string;
  model?: string;
  report?: string;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

function target(io: CliIo, runDir: string, given: string, fallback: string): string {
  return given === '' ? join(runDir, 'export', fallback) : resolve(io.cwd, given);
}

/**
 * Checks, before anything is written, that `path` can be created: its nearest existing ancestor is a writable
 * folder and nothing in the way is a file (or, for a file target, a folder). Creates nothing, so a refused
 * export leaves no trace.
 */
function checkWritable(path: string, kind: 'file' | 'folder'): void {
  const existing = statOrUndefined(path);
  if (existing !== undefined) {
    if (kind === 'folder' && !existing.isDirectory()) {
      throw cannotWrite(path, 'it is a file, not a folder', 'export');
    }
    if (kind === 'file' && existing.isDirectory()) {
      throw cannotWrite(path, 'it is a folder, not a file', 'export');
    }
  }
  let ancestor = kind === 'folder' && existing !== undefined ? path : dirname(path);
  let stats = statOrUndefined(ancestor);
  while (stats === undefined && dirname(ancestor) !== ancestor) {
    ancestor = dirname(ancestor);
    stats = statOrUndefined(ancestor);
  }
  if (stats !== undefined && !stats.isDirectory()) {
    throw cannotWrite(path, `${ancestor} is a file, not a folder`, 'export');
  }
  try {
    accessSync(ancestor, constants.W_OK);
  } catch (error) {
    throw cannotWrite(path, `${failureReason(error)} in ${ancestor}`, 'export', error);
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Creates the folder a checked target goes into, one level at a time: Node's recursive mkdir spins forever on
 * some special file systems (/proc answers ENOENT at every level). A failure names the path.
 */
function makeFolder(folder: string, path: string): void {
  const missing: string[] = [];
  for (let at = folder; statOrUndefined(at) === undefined && dirname(at) !== at; at = dirname(at)) {
    missing.push(at);
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      throw cannotWrite(path, `cannot create the folder ${level}: ${failureReason(error)}`, 'export', error);
    }
  }
}

async function ledgerLabels(session: RunSession): Promise<Label[]> {
  const ledger = await session.store.readLabels();
  return ledger.map(({ item, annotator, role, label, iteration, meta }) => ({
    item,
    annotator,
    role,
    label,
    ...(iteration === undefined ? {} : { iteration }),
    ...(meta === undefined ? {} : { meta }),
  }));
}

async function latestModel(session: RunSession) {
  const saved = (await session.store.models()).filter(
    (model) => model.file !== undefined && model.sha256 !== undefined,
  );
  const latest = saved.at(-1);
  if (latest === undefined || latest.sha256 === undefined) {
    throw new BorderlineError({
      code: 'run-state',
      message: `no model of this run is saved as a file (runner ${session.config.runner}; local models are saved after the first step)`,
    });
  }
  return { version: latest.version, sha256: latest.sha256 };
}

interface ExportDone {
  labels?: { path: string; labels: number };
  model?: { path: string; version: number; sha256: string };
  report?: { json: string; markdown: string };
}

/** Every export of one invocation: all targets are checked first, then each file is written atomically. */
async function runExport(io: CliIo, args: ExportArgs, session: RunSession): Promise<ExportDone> {
  const runDir = session.store.dir;
  const labelsPath = args.labels === undefined ? undefined : target(io, runDir, args.labels, 'labels.jsonl');
  const model = args.model === undefined ? undefined : await latestModel(session);
  const modelPath =
    args.model === undefined || model === undefined
      ? undefined
      : target(io, runDir, args.model, `model-v${model.version}.bin`);
  const folder =
    args.report === undefined
      ? undefined
      : args.report === ''
        ? join(runDir, 'export')
        : resolve(io.cwd, args.report);
  if (labelsPath !== undefined) checkWritable(labelsPath, 'file');
  if (modelPath !== undefined) checkWritable(modelPath, 'file');
  if (folder !== undefined) {
    checkWritable(folder, 'folder');
    for (const name of ['report.json', 'report.md']) checkWritable(join(folder, name), 'file');
  }
  const done: ExportDone = {};
  const written: string[] = [];
  if (labelsPath !== undefined) {
    const labels = await ledgerLabels(session);
    makeFolder(dirname(labelsPath), labelsPath);
    await writeTarget(labelsPath, written, () => writeLabels(labelsPath, labels));
    done.labels = { path: labelsPath, labels: labels.length };
  }
  if (modelPath !== undefined && model !== undefined) {
    makeFolder(dirname(modelPath), modelPath);
    const bytes = await session.store.readModelBytes(model.version);
    await writeTarget(modelPath, written, () => writeFileAtomically(modelPath, bytes));
    done.model = { path: modelPath, ...model };
  }
  if (folder !== undefined) {
    makeFolder(folder, folder);
    done.report = await writeReport(folder, session, written);
  }
  return done;
}

async function writeReport(folder: string, session: RunSession, written: string[]) {
  const report = await buildStatus(session);
  const json = join(folder, 'report.json');
  const markdown = join(folder, 'report.md');
  const plain = colorsFor(false, {});
  await writeTarget(json, written, () => writeFileAtomically(json, `${JSON.stringify(report, null, 2)}\n`));
  const text = `# borderline run\n\n\`\`\`\n${renderStatus(report, plain)}\n\`\`\`\n`;
  await writeTarget(markdown, written, () => writeFileAtomically(markdown, text));
  return { json, markdown };
}

/**
 * One write of an export, after the checks. A file-system failure there (the disk filled up, the folder was
 * removed meanwhile) names the target, the reason and what this export had already written: each file is whole
 * or absent, and the earlier ones stay. `written` lists this export's files so far; `path` joins it on success.
 */
export async function writeTarget(
  path: string,
  written: string[],
  write: () => Promise<void>,
): Promise<void> {
  try {
    await write();
    written.push(path);
  } catch (error) {
    const cause = BorderlineError.is(error) && error.code === 'io' ? error.cause : error;
    // A file-system failure has a string code (any, not only those systemReason words); anything else passes on.
    const code = (cause as { code?: unknown } | undefined)?.code;
    if (BorderlineError.is(cause) || typeof code !== 'string') throw error;
    const already = written.length === 0 ? 'nothing was written' : `already written: ${written.join(', ')}`;
    throw cannotWrite(path, `${failureReason(cause)} (${already})`, 'export', error);
  }
}

/** What was written, in words. */
function renderDone(done: ExportDone): string {
  const lines: string[] = [];
  if (done.labels) lines.push(`wrote ${done.labels.labels} labels (the whole ledger) to ${done.labels.path}`);
  if (done.model) {
    lines.push(
      `wrote model v${done.model.version} (sha256 ${done.model.sha256.slice(0, 12)}…) to ${done.model.path}`,
    );
  }
  if (done.report) lines.push(`wrote the run's report to ${done.report.json} and ${done.report.markdown}`);
  return lines.join('\n');
}

/** `borderline export`: the ledger's labels, the latest model, or a report. */
export function exportCommand(io: CliIo): CommandModule<object, ExportArgs> {
  return {
    command: 'export <run-dir>',
    describe: 'Export the labels (the ledger), the latest model, or a report (report.json and report.md)',
    builder: (yargs) =>
      withRunDir(yargs)
        .option('labels', {
          type: 'string',
          describe: 'Write the ledger as a labels file (default <run>/export/labels.jsonl)',
        })
        .option('model', {
          type: 'string',
          describe: 'Write the latest saved model (default <run>/export/model-vN.bin)',
        })
        .option('report', {
          type: 'string',
          describe: 'Write report.json and report.md into a folder (default <run>/export)',
        })
        .check((argv) => {
          if (argv.labels === undefined && argv.model === undefined && argv.report === undefined) {
            throw invalidArgument('export', 'name what to export: --labels, --model and/or --report');
          }
          return true;
        })
        .example('$0 export runs/abuse --labels curated.jsonl', 'Every label of the ledger')
        .example('$0 export runs/abuse --model model.bin', 'The latest fine-tuned local model')
        .example('$0 export runs/abuse --report out/', 'report.json and report.md') as never,
    handler: async (args) => {
      const output = outputOf(io, args);
      const done = await withRun(io, args.runDir, 'read', (session) => runExport(io, args, session));
      output.result(done, () => renderDone(done));
    },
  };
}
