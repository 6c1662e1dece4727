import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BorderlineError, invalidArgument, type Label } from '@borderline/core';
import { writeLabels } from '@borderline/ingest';
import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';
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

async function exportLabels(session: RunSession, path: string): Promise<{ path: string; labels: number }> {
  const ledger = await session.store.readLabels();
  const labels: Label[] = ledger.map(({ item, annotator, role, label, iteration, meta }) => ({
    item,
    annotator,
    role,
    label,
    ...(iteration === undefined ? {} : { iteration }),
    ...(meta === undefined ? {} : { meta }),
  }));
  mkdirSync(dirname(path), { recursive: true });
  await writeLabels(path, labels);
  return { path, labels: labels.length };
}

async function exportModel(
  session: RunSession,
  io: CliIo,
  given: string,
): Promise<{ path: string; version: number; sha256: string }> {
  const saved = (await session.store.models()).filter(
    (model) => model.file !== undefined && model.sha256 !== undefined,
  );
  const latest = saved.at(-1);
  if (latest === undefined || latest.sha256 === undefined) {
    throw new BorderlineError({
      code: 'run-state',
      message: `export: no model of this run is saved as a file (runner ${session.config.runner}; local models are saved after the first step)`,
    });
  }
  const path = target(io, session.store.dir, given, `model-v${latest.version}.bin`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await session.store.readModelBytes(latest.version));
  return { path, version: latest.version, sha256: latest.sha256 };
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
      const result = await withRun(io, args.runDir, 'read', async (session) => {
        const done: Record<string, unknown> = {};
        if (args.labels !== undefined) {
          done.labels = await exportLabels(
            session,
            target(io, session.store.dir, args.labels, 'labels.jsonl'),
          );
        }
        if (args.model !== undefined) done.model = await exportModel(session, io, args.model);
        if (args.report !== undefined) {
          const folder =
            args.report === '' ? join(session.store.dir, 'export') : resolve(io.cwd, args.report);
          mkdirSync(folder, { recursive: true });
          const report = await buildStatus(session);
          writeFileSync(join(folder, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
          const plain = colorsFor(false, {});
          writeFileSync(
            join(folder, 'report.md'),
            `# borderline run\n\n\`\`\`\n${renderStatus(report, plain)}\n\`\`\`\n`,
          );
          done.report = { json: join(folder, 'report.json'), markdown: join(folder, 'report.md') };
        }
        return done;
      });
      output.result(result, () =>
        Object.entries(result)
          .map(([kind, value]) => `exported ${kind}: ${JSON.stringify(value)}`)
          .join('\n'),
      );
    },
  };
}
