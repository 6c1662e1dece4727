import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BorderlineError } from '@borderline/core';
import { nearestCentres } from '@borderline/kmeans';
import { createLocalClassifier, createLocalEmbedder } from '@borderline/runners';
import { streamingAssign } from '@borderline/sampling';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, testItems, writeShardedDataset } from '../test/fixtures';
import { sha256Hex } from './file-hash';
import { createLocalExecutor } from './local-executor';
import { assignPass, passScores, passVectors, resolvedScores, resolvedVectors } from './pass-readers';
import { resolvePass } from './resolve-pass';
import { type PassProgress, resolveAndRun, runPass, runResolvedPass } from './run-pass';
import { scanShards } from './scan-shards';
import type { ShardManifest } from './shard-manifest';

const SIZES = [40, 25, 35];
const COUNT = 100;
const glove = { pass: 'embed', embedder: 'glove' } as const;
const temp = tempDir('borderline-shards-pass-');
const outDir = join(temp.dir, 'out');
const executor = createLocalExecutor({ processes: 0 });
let manifest: ShardManifest;
let expected: Float32Array;

beforeAll(async () => {
  manifest = await scanShards(await writeShardedDataset(join(temp.dir, 'pool'), SIZES));
  expected = await createLocalEmbedder().embed(testItems(COUNT).map((item) => item.text));
});

async function allVectors(): Promise<Float32Array> {
  const shards = passVectors(manifest, outDir, glove);
  const out = new Float32Array(shards.count * shards.dimensions);
  for (let shard = 0; shard < shards.starts.length; shard++) {
    out.set(await shards.readShard(shard), (shards.starts[shard] as number) * shards.dimensions);
  }
  return out;
}

describe('runPass', () => {
  it('embeds every shard once: the vectors equal embedding the whole pool at once', async () => {
    const progress: PassProgress[] = [];
    const result = await runPass(glove, {
      manifest,
      outDir,
      executor,
      onProgress: (event) => progress.push(event),
    });
    expect(result).toMatchObject({ pass: 'embed', shards: 3, skipped: 0, ran: 3, items: COUNT });
    expect(progress.map((event) => [event.shardsDone, event.items])).toEqual([
      [1, 40],
      [2, 65],
      [3, 100],
    ]);
    expect(await allVectors()).toEqual(expected);
    expect(passVectors(manifest, outDir, glove).starts).toEqual([0, 40, 65]);
  });

  it('run again, writes nothing: every shard is skipped and the files are untouched', async () => {
    const files = readdirSync(join(outDir, 'embed')).map((name) => join(outDir, 'embed', name));
    expect(files).toHaveLength(3);
    const before = files.map((file) => [statSync(file).mtimeMs, sha256Hex(readFileSync(file))]);
    const result = await runPass(glove, { manifest, outDir, executor });
    expect(result).toMatchObject({ shards: 3, skipped: 3, ran: 0, items: 0 });
    expect(files.map((file) => [statSync(file).mtimeMs, sha256Hex(readFileSync(file))])).toEqual(before);
    expect(readdirSync(join(outDir, 'embed'))).toHaveLength(3);
  });

  it('scores with a saved model on the stored vectors, as the head scores the whole matrix', async () => {
    const labels = new Uint8Array(COUNT).map((_, index) =>
      testItems(COUNT)[index]!.text.includes('loan') ? 1 : 0,
    );
    const base = createLocalClassifier({ size: 'small', embedder: createLocalEmbedder(), seed: 3 });
    const trained = await base.head!.adaptEmbedded(expected, labels);
    const bytes = (trained as typeof base).save();
    const modelFile = join(temp.dir, 'model.bin');
    writeFileSync(modelFile, bytes);
    const spec = {
      pass: 'score',
      modelFile,
      modelSha256: sha256Hex(bytes),
      version: trained.version,
    } as const;
    await runPass(spec, { manifest, outDir, executor });
    const scores = await passScores(manifest, outDir, spec);
    expect(scores).toEqual(await trained.head!.classifyEmbedded(expected));
    // A run numbers its versions itself (every version is the base adapted once, so its own version stays 1):
    // the spec's version names the outputs, and the same model under version 2 scores the same.
    const asRunVersion = { ...spec, version: trained.version + 1 };
    await runPass(asRunVersion, { manifest, outDir, executor });
    expect(await passScores(manifest, outDir, asRunVersion)).toEqual(scores);
    const wrong = { ...spec, modelSha256: '0'.repeat(64) };
    await expect(runPass(wrong, { manifest, outDir, executor })).rejects.toThrow(/does not match its hash/);
  });

  it('reads a pass given resolved: its scores without the model file, its vectors by the same jobs', async () => {
    const bytes = readFileSync(join(temp.dir, 'model.bin'));
    const modelFile = join(temp.dir, 'model-once.bin');
    writeFileSync(modelFile, bytes);
    const spec = { pass: 'score', modelFile, modelSha256: sha256Hex(bytes), version: 7 } as const;
    const resolved = await resolvePass(spec, manifest, outDir);
    expect(await runResolvedPass(resolved, { executor })).toMatchObject({ ran: 3 });
    const scores = await passScores(manifest, outDir, spec);
    rmSync(modelFile);
    // Resolving a score pass reads and hashes its model file; reading the resolved pass does neither.
    await expect(passScores(manifest, outDir, spec)).rejects.toThrow(
      /model file .*model-once\.bin is missing/,
    );
    expect(resolvedScores(resolved)).toEqual(scores);
    expect(scores).toHaveLength(COUNT);

    const embed = await resolvePass(glove, manifest, outDir);
    const vectors = resolvedVectors(embed);
    expect(vectors).toMatchObject({ count: COUNT, dimensions: 128, starts: [0, 40, 65] });
    expect(await vectors.readShard(1)).toEqual(expected.subarray(40 * 128, 65 * 128));
    expect(() => resolvedScores(embed)).toThrow(/expected a resolved score pass, got the embed pass/);
    expect(() => resolvedVectors(resolved)).toThrow(/expected a resolved embed pass, got the score pass/);
  });

  it('resolveAndRun runs a pass and hands back the pass it resolved, for reading its outputs', async () => {
    const { resolved, result } = await resolveAndRun(glove, { manifest, outDir, executor });
    expect(result).toMatchObject({ pass: 'embed', shards: 3, skipped: 3, ran: 0 });
    expect(resolved.jobs.map((job) => job.output)).toEqual(
      (await resolvePass(glove, manifest, outDir)).jobs.map((job) => job.output),
    );
    expect(await resolvedVectors(resolved).readShard(0)).toEqual(expected.subarray(0, 40 * 128));
  });

  it('assigns each item to the nearest centre of its set, as nearestCentres does on the matrix', async () => {
    const dimensions = 128;
    const setA = expected.slice(0, 3 * dimensions);
    const setB = expected.slice(50 * dimensions, 55 * dimensions);
    const which = new Uint8Array(COUNT).map((_, index) => (index % 7 === 0 ? 255 : index % 2));
    const assign = assignPass(manifest, outDir, glove, executor);
    const { cluster, distance } = await assign({ centres: [setA, setB], which });
    const full = [nearestCentres(expected, dimensions, setA), nearestCentres(expected, dimensions, setB)];
    for (let index = 0; index < COUNT; index++) {
      const set = which[index]!;
      if (set === 255) {
        expect(cluster[index]).toBe(-1);
        expect(distance[index]).toBeNaN();
      } else {
        expect(cluster[index]).toBe(full[set]!.assignments[index]);
        expect(distance[index]).toBe(full[set]!.distances[index]);
      }
    }
    const again = await assign({ centres: [setA, setB], which });
    expect(again.cluster).toEqual(cluster);
    // The same answer as sampling's in-process AssignPass over the same vectors.
    const inProcess = await streamingAssign(passVectors(manifest, outDir, glove))({
      centres: [setA, setB],
      which,
    });
    expect(inProcess.cluster).toEqual(cluster);
    expect(inProcess.distance).toEqual(distance);
  });

  it('stops with aborted when its signal has fired', async () => {
    const stop = new AbortController();
    stop.abort();
    const error = await runPass(glove, {
      manifest,
      outDir: join(temp.dir, 'aborted'),
      executor,
      signal: stop.signal,
    }).catch((caught: unknown) => caught);
    expect(BorderlineError.is(error) && error.code).toBe('aborted');
  });

  it('refuses score and assign before the embed pass, and an unknown embedder', async () => {
    const other = join(temp.dir, 'empty-out');
    const modelFile = join(temp.dir, 'model.bin');
    const bytes = readFileSync(modelFile);
    const spec = { pass: 'score', modelFile, modelSha256: sha256Hex(bytes), version: 1 } as const;
    const error = await runPass(spec, { manifest, outDir: other, executor }).catch(
      (caught: unknown) => caught,
    );
    expect(BorderlineError.is(error) && error.code).toBe('run-state');
    const useLite = { pass: 'embed', embedder: 'use-lite' } as const;
    await expect(runPass({ ...spec, vectors: useLite }, { manifest, outDir, executor })).rejects.toThrow(
      /reads glove vectors, not use-lite/,
    );
    await expect(
      runPass({ pass: 'embed', embedder: 'nope' as 'glove' }, { manifest, outDir: other, executor }),
    ).rejects.toThrow(/embedder must be one of glove, use-lite/);
  });
});
