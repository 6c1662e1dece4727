// A caller that runs one pass on worker processes, then awaits the executor's close() with nothing else holding
// its event loop (as a CLI command does). Prints `closed` once close() settles; a close() that lets the loop go
// idle ends the process first (exit 13, an unsettled top-level await) and `closed` is never printed.
// Arguments: <dataset dir> <output dir> <worker entry>.
import { createLocalExecutor } from '../src/local-executor';
import { runPass } from '../src/run-pass';
import { scanShards } from '../src/scan-shards';

const [dataset, outDir, workerEntry] = process.argv.slice(2) as [string, string, string];
const manifest = await scanShards(dataset);
const executor = createLocalExecutor({ processes: 2, workerEntry, execArgv: [] });
const result = await runPass({ pass: 'embed', embedder: 'glove' }, { manifest, outDir, executor });
process.stdout.write(`ran ${result.ran}\n`);
await executor.close();
process.stdout.write('closed\n');
