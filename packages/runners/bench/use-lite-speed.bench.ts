/**
 * Speed of the USE-lite embedder (vitest bench; figures printed once, never asserted): texts per second for short
 * (~10 words: Stop Clickbait headlines) and ad-length (~25 words: the simulated ads world) texts, the achieved
 * GFLOP/s against the forward pass's FLOP count read from the graph, the padding share a plain batching would
 * compute and bucketing by exact length avoids, and the peak RSS of streaming a pool.
 * `USE_LITE_BENCH_TEXTS` sets how many texts of each kind are timed (default 2,000), `USE_LITE_BENCH_POOL` the
 * size of the streamed pool of simulated ads (default 5,000), `USE_LITE_BENCH_THREADS` the inference threads (2).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAdsWorld } from '@borderline/simulation';
import { bench, describe } from 'vitest';
import { planLengthBatches } from '../src/use-lite/length-buckets';
import { resolveModelDirectory } from '../src/use-lite/model-files';
import { createUseLiteEmbedder, useLiteTokenizer } from '../src/use-lite/use-lite-embedder';

const N = Number(process.env.USE_LITE_BENCH_TEXTS ?? 2000);
const POOL = Number(process.env.USE_LITE_BENCH_POOL ?? 5000);
const dataset = join(process.env.BORDERLINE_DATA_PATH ?? '../../../shared/datasets', 'stop-clickbait');
const headlines = readFileSync(join(dataset, 'items.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);
const ads = createAdsWorld({ task: 'higher', seed: 1, size: Math.max(N + 1, POOL) }).texts;
/** ~25 words: an ad followed by the next one, cut at 25 words. */
const adLength = (index: number) => `${ads[index]} ${ads[index + 1]}`.split(' ').slice(0, 25).join(' ');

interface GraphNode {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
}

/**
 * Multiply-adds per token of the dense layers, read from model.json: every MatMul or Conv2D whose weight is a
 * stored tensor, except the per-sentence layer after pooling; plus the per-sentence attention terms.
 */
function flopModel(): { perToken: number; perSentence: number; attentionWidths: number[] } {
  const json = JSON.parse(readFileSync(join(resolveModelDirectory(), 'model.json'), 'utf8')) as {
    modelTopology: { node: GraphNode[] };
    weightsManifest: { weights: { name: string; shape: number[] }[] }[];
  };
  const shapes = new Map(
    json.weightsManifest.flatMap((group) => group.weights.map((w) => [w.name, w.shape])),
  );
  const nodes = new Map(json.modelTopology.node.map((node) => [node.name, node]));
  // Follow Identity/ReadVariable chains to the stored weight.
  const weightOf = (input: string): number[] | undefined => {
    let name = input.split(':')[0]!;
    for (let hop = 0; hop < 4; hop++) {
      const shape = shapes.get(name);
      if (shape !== undefined) return shape;
      const node = nodes.get(name);
      if (node?.input?.[0] === undefined) return undefined;
      name = node.input[0].split(':')[0]!;
    }
    return undefined;
  };
  let perToken = 0;
  let perSentence = 0;
  const attentionWidths: number[] = [];
  for (const node of json.modelTopology.node) {
    if (node.op !== 'MatMul' && node.op !== 'Conv2D') continue;
    const shape = (node.input ?? []).map(weightOf).find((candidate) => candidate !== undefined);
    if (shape === undefined) continue;
    const [inputs, outputs] = shape.slice(-2) as [number, number];
    if (node.name.includes('hidden_layers')) perSentence += 2 * inputs * outputs;
    else perToken += 2 * inputs * outputs;
    if (node.name.includes('qkv_transform')) attentionWidths.push(outputs / 3);
  }
  return { perToken, perSentence, attentionWidths };
}

const flops = flopModel();
const tokenizer = await useLiteTokenizer();
const runtimeThreads = Number(process.env.USE_LITE_BENCH_THREADS ?? 2);
const embedder = createUseLiteEmbedder({ threads: runtimeThreads });
await embedder.embed(['warm up the engine']);

function words(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + text.split(/\s+/).filter(Boolean).length, 0) / texts.length;
}

/** FLOP of one call: dense layers per token, attention per sentence (QK and AV, each layer), pooled layer. */
function callFlop(offsets: Int32Array): number {
  let total = 0;
  for (let index = 0; index + 1 < offsets.length; index++) {
    const length = offsets[index + 1]! - offsets[index]!;
    if (length === 0) continue;
    total += length * flops.perToken + flops.perSentence;
    for (const width of flops.attentionWidths) total += 4 * length * length * width;
  }
  return total;
}

/** Share of positions that would be padding with plain input-order passes of `rows` texts. */
function naivePadding(offsets: Int32Array, rows: number): number {
  let real = 0;
  let computed = 0;
  for (let start = 0; start + 1 < offsets.length; start += rows) {
    const end = Math.min(offsets.length - 1, start + rows);
    let longest = 0;
    for (let index = start; index < end; index++)
      longest = Math.max(longest, offsets[index + 1]! - offsets[index]!);
    real += offsets[end]! - offsets[start]!;
    computed += longest * (end - start);
  }
  return 1 - real / computed;
}

async function measure(name: string, texts: readonly string[]): Promise<string> {
  const { offsets } = tokenizer.encodeAll(texts);
  const plan = planLengthBatches(offsets, 4096);
  const flop = callFlop(offsets);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await embedder.embed(texts);
  const seconds = (performance.now() - wall) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const tokens = plan.tokens / texts.length;
  return [
    `  ${name}: ${texts.length} texts, ${words(texts).toFixed(1)} words, ${tokens.toFixed(1)} tokens per text`,
    `    wall ${seconds.toFixed(2)} s = ${(texts.length / seconds).toFixed(0)} texts/s, ${(flop / seconds / 1e9).toFixed(1)} GFLOP/s;` +
      ` CPU ${cpuSeconds.toFixed(2)} s = ${(flop / cpuSeconds / 1e9).toFixed(1)} GFLOP/s per busy core`,
    `    ${plan.batches.length} passes; padding computed 0 % (exact-length buckets);` +
      ` input-order passes of 256 would pad ${(100 * naivePadding(offsets, 256)).toFixed(0)} %`,
  ].join('\n');
}

/**
 * Streams a pool of simulated ads through the embedder in chunks of 10,000 into one preallocated Float32 matrix,
 * as the replay would: peak RSS (every thread) against the matrix's own size.
 */
async function streamPool(): Promise<string> {
  const texts = ads.slice(0, POOL);
  const chunk = 10_000;
  const pool = new Float32Array(texts.length * embedder.dimensions);
  const before = process.resourceUsage().maxRSS / 1024;
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let start = 0; start < texts.length; start += chunk) {
    pool.set(await embedder.embed(texts.slice(start, start + chunk)), start * embedder.dimensions);
  }
  const seconds = (performance.now() - wall) / 1000;
  const used = process.cpuUsage(cpu);
  const peak = process.resourceUsage().maxRSS / 1024;
  return [
    `  pool of ${texts.length} simulated ads, streamed in chunks of ${chunk}: wall ${seconds.toFixed(1)} s, CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`,
    `    peak RSS ${peak.toFixed(0)} MB (${before.toFixed(0)} MB before; the pool matrix itself ${(pool.byteLength / 2 ** 20).toFixed(0)} MB)`,
  ].join('\n');
}

const short = Array.from({ length: N }, (_, index) => headlines[(index * 7919) % headlines.length]!);
const long = Array.from({ length: N }, (_, index) => adLength(index));
// Printed part by part: each takes a while on a loaded machine.
console.log(
  `USE-lite forward pass, from the graph: ${(flops.perToken / 1e6).toFixed(2)} MFLOP per token in the dense layers` +
    ` (+ ${(flops.perSentence / 1e6).toFixed(2)} MFLOP per text after pooling, + attention 4 L^2 x [${flops.attentionWidths.join(', ')}]);` +
    ` ${runtimeThreads} inference threads`,
);
console.log(await measure('short (headlines)', short));
console.log(await measure('simulated ads (as the replay embeds them)', ads.slice(0, N)));
console.log(await measure('ad-length (two simulated ads cut at 25 words)', long));
console.log(await streamPool());

describe('use-lite embed', () => {
  bench(
    `${N} ad-length texts`,
    async () => {
      await embedder.embed(long);
    },
    { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 },
  );
});
