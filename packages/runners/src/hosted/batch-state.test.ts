import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '@borderline/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { transferPolicy } from './batch-protocol';
import { type BatchRecord, inputHash, readRecords, removeRecord, writeRecord } from './batch-state';
import type { RetryPolicy } from './retry';

let stateDir: string;
beforeEach(() => {
  stateDir = tempDir('borderline-batch-state-').dir;
});

const record = (keys: string[], extra: Partial<BatchRecord> = {}): BatchRecord => ({
  format: 1,
  inputHash: inputHash(keys),
  provider: 'openai',
  model: 'gpt-test',
  fileIds: [],
  items: keys.map((key, index) => [`item-${index}`, key] as const),
  ...extra,
});

describe('batch state records', () => {
  it('round-trips records through the directory, replacing a record in place and leaving no temporary file', async () => {
    expect(await readRecords(join(stateDir, 'absent'))).toEqual([]);
    const first = record(['a', 'b']);
    await writeRecord(join(stateDir, 'nested'), first);
    const updated = { ...first, fileIds: ['file-1'], batchId: 'batch_1' };
    await writeRecord(join(stateDir, 'nested'), updated);
    await writeRecord(join(stateDir, 'nested'), record(['c']));
    const read = await readRecords(join(stateDir, 'nested'));
    expect(read).toHaveLength(2);
    expect(read).toContainEqual(updated);
    expect(
      (await readdir(join(stateDir, 'nested'))).every((name) => /^batch-[0-9a-f]{64}\.json$/.test(name)),
    ).toBe(true);
    await removeRecord(join(stateDir, 'nested'), updated);
    expect(await readRecords(join(stateDir, 'nested'))).toEqual([record(['c'])]);
  });

  it('hashes the keys in order', () => {
    expect(inputHash(['a', 'b'])).not.toBe(inputHash(['b', 'a']));
    expect(inputHash(['a', 'b'])).toBe(inputHash(['a', 'b']));
    expect(inputHash(['ab'])).not.toBe(inputHash(['a', 'b']));
  });
});

describe('transferPolicy', () => {
  const policy: RetryPolicy = {
    component: 'test',
    maxRetries: 4,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    timeoutMs: 60_000,
    maxTotalMs: 180_000,
    rng: createRng(0),
    sleep: async () => {},
    now: () => 0,
    secrets: [],
  };

  it('keeps the policy for small transfers and gives large ones a second per MB', () => {
    expect(transferPolicy(policy, 1_000_000)).toBe(policy);
    expect(transferPolicy(policy, 200_000_000)).toMatchObject({ timeoutMs: 200_000, maxTotalMs: 600_000 });
    expect(transferPolicy(policy, 0, 600_000)).toMatchObject({ timeoutMs: 600_000, maxTotalMs: 1_800_000 });
  });
});
