import { resolve } from 'node:path';
import { BorderlineError } from '@borderline/core';
import type { CommandModule } from 'yargs';
import type { CliIo } from '../io';
import type { Output } from '../render/output';
import { expertNameSchema } from '../review/api-schemas';
import { createTokens, type ExpertTokens, readTokenFile } from '../review/expert-tokens';
import type { BatchProgress, ReviewBatch } from '../review/review-backend';
import { openRunStoreBackend } from '../review/run-store-backend';
import { type ReviewServer, startReviewServer } from '../review/start-review-server';
import { outputOf, withRunDir } from './shared';

interface ReviewArgs {
  runDir: string;
  port: number;
  host: string;
  expert?: string[];
  tokenFile?: string;
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
  if (args.tokenFile !== undefined) return { tokens: readTokenFile(resolve(io.cwd, args.tokenFile)), printed: false };
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
    throw new BorderlineError({ code: 'invalid-argument', message: 'review: an --expert name is given twice' });
  }
  return experts.length === 0 ? { printed: false } : { tokens: createTokens(experts), printed: true };
}

function links(server: ReviewServer, tokens: ExpertTokens | undefined, printed: boolean) {
  if (tokens === undefined) return [];
  return [...tokens].map(([name, token]) => ({
    expert: name,
    url: `${server.url}?expert=${encodeURIComponent(name)}${printed ? `#token=${token}` : ''}`,
  }));
}

function describe(batch: ReviewBatch): string {
  const pairs = batch.units.filter((unit) => unit.kind === 'pair').length;
  return `review: iteration ${batch.iteration}, ${batch.items.length} item(s) (${pairs} boundary pair(s)), ${batch.expertsPerItem} expert(s) per item`;
}

/** Prints the batch-complete line on each change to complete (and the reverse after an undo). */
function completionReporter(output: Output, runDir: string, start: BatchProgress) {
  let complete = false;
  const report = (progress: BatchProgress) => {
    if (progress.complete === complete) return;
    complete = progress.complete;
    output.result(
      { event: complete ? 'batch-complete' : 'batch-incomplete', ...progress },
      () =>
        complete
          ? `batch complete: run \`borderline step ${runDir}\``
          : `batch no longer complete (${progress.itemsDone} / ${progress.items} items): a decision was undone`,
    );
  };
  report(start);
  return report;
}

function untilStopped(): Promise<string> {
  return new Promise((done) => {
    const stop = (signal: string) => () => done(signal);
    process.once('SIGINT', stop('SIGINT'));
    process.once('SIGTERM', stop('SIGTERM'));
  });
}

/** `borderline review`: serves the pending batch to the experts as a local web page. */
export function reviewCommand(io: CliIo): CommandModule<object, ReviewArgs> {
  return {
    command: 'review <run-dir>',
    describe: "Serve the pending batch to the experts as a web page; every label goes to the run's ledger at once",
    builder: (yargs) =>
      withRunDir(yargs)
        .option('port', { type: 'number', default: 4177, describe: 'Port to listen on (0: any free port)' })
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
        .example('$0 review runs/abuse', 'Serve on http://127.0.0.1:4177/; each expert enters their name')
        .example(
          '$0 review runs/abuse --host 0.0.0.0 --expert ana --expert ben',
          'Serve on the network; prints a link with a token for each expert',
        ) as never,
    handler: async (args) => {
      const output = outputOf(io, args);
      const { tokens, printed } = tokensOf(io, args);
      const runDir = args.runDir;
      const { backend, warnings } = await openRunStoreBackend(resolve(io.cwd, runDir));
      let server: ReviewServer | undefined;
      try {
        for (const warning of warnings) output.warn(`review: ${warning}`);
        const start = await backend.progress();
        let report: (progress: BatchProgress) => void = () => undefined;
        server = await startReviewServer({
          backend,
          host: args.host,
          port: args.port,
          ...(tokens === undefined ? {} : { tokens }),
          onChange: (progress) => report(progress),
          onError: (error) => output.warn(`review: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
        });
        const experts = links(server, tokens, printed);
        output.result({ url: server.url, iteration: backend.batch.iteration, experts }, () =>
          [
            describe(backend.batch),
            `serving ${server?.url} (Ctrl+C stops; every confirmed label is already in the ledger)`,
            ...(experts.length === 0
              ? [`each expert opens ${server?.url}?expert=<their name>`]
              : experts.map((entry) => `  ${entry.expert}: ${entry.url}`)),
            ...(tokens !== undefined && !printed ? ['  (each adds #token=<their token from the file>)'] : []),
          ].join('\n'),
        );
        report = completionReporter(output, runDir, start);
        const signal = await untilStopped();
        output.note(`review: ${signal}: stopped`);
      } finally {
        await server?.close();
        await backend.close();
      }
    },
  };
}
