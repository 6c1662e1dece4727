import { resolve } from 'node:path';
import { BorderlineError } from '@borderline/core';
import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';
import type { Output } from '../render/output';
import { expertNameSchema } from '../review/api-schemas';
import { type BatchCycle, describeBatch, startBatchCycle } from '../review/batch-cycle';
import { createTokens, type ExpertTokens, readTokenFile } from '../review/expert-tokens';
import { openRunStoreBackend } from '../review/run-store-backend';
import { type ReviewServer, startReviewServer } from '../review/start-review-server';
import { wholeNumberOption } from './integer-option';
import { outputOf, withRunDir } from './shared';

/**
 * The CLI's own entry point (`run` of the package index), handed to the command by `commands(io, run)` so that
 * `--auto-step` runs `step` and `select` exactly as typed, without this module importing the index back.
 */
export type RunCli = (argv: readonly string[], io: CliIo) => Promise<number>;

interface ReviewArgs {
  runDir: string;
  port: number;
  host: string;
  expert?: string[];
  tokenFile?: string;
  autoStep?: boolean;
  json?: boolean;
  quiet?: boolean;
  seed?: number;
}

function tokensOf(io: CliIo, args: ReviewArgs): { tokens?: ExpertTokens; printed: boolean } {
  const experts = args.expert ?? [];
  if (args.tokenFile !== undefined && experts.length > 0) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: 'review: give either --expert names (tokens are made and printed) or --token-file, not both',
    });
  }
  if (args.tokenFile !== undefined)
    return { tokens: readTokenFile(resolve(io.cwd, args.tokenFile)), printed: false };
  for (const name of experts) {
    const check = expertNameSchema.safeParse(name);
    if (!check.success) {
      throw new BorderlineError({
        code: 'invalid-argument',
        message: `review: --expert "${name}": ${check.error.issues[0]?.message ?? 'not a name'}`,
      });
    }
  }
  if (new Set(experts).size !== experts.length) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: 'review: an --expert name is given twice',
    });
  }
  return experts.length === 0 ? { printed: false } : { tokens: createTokens(experts), printed: true };
}

function announce(
  output: Output,
  server: ReviewServer,
  cycle: BatchCycle,
  tokens: ExpertTokens | undefined,
  printed: boolean,
): void {
  const batch = cycle.current()?.batch;
  const experts = links(server, tokens, printed);
  output.result({ url: server.url, iteration: batch?.iteration, experts }, () =>
    [
      ...(batch === undefined ? [] : [describeBatch(batch)]),
      `serving ${server.url} (Ctrl+C stops; every confirmed label is already in the ledger)`,
      ...(experts.length === 0
        ? [`each expert opens ${server.url}?expert=<their name>`]
        : experts.map((entry) => `  ${entry.expert}: ${entry.url}`)),
      ...(tokens !== undefined && !printed ? ['  (each adds #token=<their token from the file>)'] : []),
    ].join('\n'),
  );
}

function links(server: ReviewServer, tokens: ExpertTokens | undefined, printed: boolean) {
  if (tokens === undefined) return [];
  return [...tokens].map(([name, token]) => ({
    expert: name,
    url: `${server.url}?expert=${encodeURIComponent(name)}${printed ? `#token=${token}` : ''}`,
  }));
}

/** Resolves on SIGINT or SIGTERM, or when `finish` is called, with why. */
function untilStopped(): { stopped: Promise<string>; finish: (why: string) => void } {
  let finish: (why: string) => void = () => undefined;
  const stopped = new Promise<string>((done) => {
    finish = done;
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  return { stopped, finish };
}

/** Steps the loop and selects the next batch through the CLI itself, as `step` and `select` would. */
async function stepAndSelect(run: RunCli, io: CliIo, runDir: string, quiet: boolean): Promise<boolean> {
  const flags = quiet ? ['--quiet'] : [];
  if ((await run(['step', runDir, ...flags], io)) !== 0) return false;
  return (await run(['select', runDir, ...flags], io)) === 0;
}

/** Serves the pending batch (and, with --auto-step, the ones after it) until the experts finish or it is stopped. */
async function serveReview(io: CliIo, run: RunCli, args: ReviewArgs): Promise<void> {
  const output = outputOf(io, args);
  const { tokens, printed } = tokensOf(io, args);
  const dir = resolve(io.cwd, args.runDir);
  const { stopped, finish } = untilStopped();
  const cycle = await startBatchCycle({
    runDir: args.runDir,
    output,
    open: () => openRunStoreBackend(dir),
    ...(args.autoStep ? { step: () => stepAndSelect(run, io, dir, args.quiet === true) } : {}),
    onFinished: finish,
  });
  let server: ReviewServer | undefined;
  try {
    server = await startReviewServer({
      backend: cycle.current,
      host: args.host,
      port: args.port,
      ...(tokens === undefined ? {} : { tokens }),
      onChange: cycle.changed,
      onError: (error) =>
        output.warn(`review: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    });
    announce(output, server, cycle, tokens, printed);
    output.note(`review: ${await stopped}; stopped`);
  } finally {
    await server?.close();
    await cycle.close();
  }
}

/** `borderline review`: serves the pending batch to the experts as a local web page. */
export function reviewCommand(io: CliIo, run: RunCli): CommandModule<object, ReviewArgs> {
  return {
    command: 'review <run-dir>',
    describe:
      "Serve the pending batch to the experts as a web page; every label goes to the run's ledger at once",
    builder: (yargs) =>
      withRunDir(yargs)
        .option(
          'port',
          wholeNumberOption(
            '--port',
            { min: 0, max: 65535 },
            { default: 4177, describe: 'Port to listen on (0: any free port)' },
          ),
        )
        .option('host', {
          type: 'string',
          default: '127.0.0.1',
          describe: 'Address to bind; anything but loopback needs --expert or --token-file',
        })
        .option('expert', {
          type: 'string',
          array: true,
          describe: 'An expert to make a token for (repeat per expert); each link is printed',
        })
        .option('token-file', {
          type: 'string',
          describe: 'Tokens from a file: one "name token" per line',
        })
        .option('auto-step', {
          type: 'boolean',
          default: false,
          describe: 'When the batch is complete (and stays so 5 s), step the loop and serve the next batch',
        })
        .example('$0 review runs/abuse', 'Serve on http://127.0.0.1:4177/; each expert enters their name')
        .example(
          '$0 review runs/abuse --host 0.0.0.0 --expert ana --expert ben',
          'Serve on the network; prints a link with a token for each expert',
        ) as never,
    handler: (args) => serveReview(io, run, args),
  };
}
