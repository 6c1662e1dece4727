// `borderline <argv>` in this process, then one line with its exit code, wall time and peak RSS, for the benches
// (a child process measures itself: its own peak RSS is what the bench reports).
import { processIo, run } from '../src/index';

const started = performance.now();
const code = await run(process.argv.slice(2), processIo());
const seconds = (performance.now() - started) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stderr.write(`\nbench-measure ${JSON.stringify({ code, seconds, peakRssMb })}\n`);
process.exitCode = code;
