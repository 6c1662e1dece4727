import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startFakeProviderServer } from '@borderline/runners/testing';
import { describe, expect, it } from 'vitest';
import { EXIT_USER } from '../src/exit-codes';
import { cli, tempDir, testEnv } from './helpers';

const KEY = 'sk-borderline-hosted-test-9d2e';
const temp = tempDir('borderline-hosted-');
const env = testEnv({ OPENAI_API_KEY: KEY });

const call = (argv: readonly string[]) => cli(argv, { cwd: temp.dir, env });

function expectNoStackNorKey(text: string) {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toContain(KEY);
}

async function hostedRun(name: string, baseUrl: string): Promise<string> {
  const run = join(temp.dir, name);
  const init = await call([
    'init',
    run,
    '--dataset',
    'convabuse',
    '--embedder',
    'glove',
    '--limit',
    '20',
    '--batch-size',
    '10',
    '--runner',
    'openai',
    '--model',
    'fake-model',
    '--base-url',
    baseUrl,
  ]);
  expect(init.code, init.stderr).toBe(0);
  return run;
}

describe('hosted prelabel against a server that never answers', () => {
  it('says what it waits for and fails within --max-retry-time naming the URL, never the key (regression: no output and no end)', async () => {
    const server = createServer(() => {
      // Accepts the request and never answers.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      const run = await hostedRun('silent', url);
      const result = await call(['prelabel', run, '--timeout', '0.1', '--max-retry-time', '2']);
      expect(result.code, result.stderr).toBe(EXIT_USER);
      expect(result.stderr).toContain(`waiting for fake-model at ${url}`);
      expect(result.stderr).toContain(`no answer from ${url}`);
      expect(result.stderr).toContain('retrying in');
      expectNoStackNorKey(result.stderr + result.stdout);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a bound that is not a positive number of seconds', async () => {
    const result = await call(['prelabel', join(temp.dir, 'silent'), '--timeout', '-1']);
    expect(result.code).toBe(EXIT_USER);
    expect(result.stderr).toContain('--timeout takes a positive number of seconds');
  });
});

describe('a hosted LLM-0 whose answers are unusable', () => {
  for (const [what, content] of [
    ['broken JSON', 'this is not json'],
    ['a label outside the set', '{"label":"maybe"}'],
  ] as const) {
    it(`counts ${what} as unavailable, says so, shows it in status, and never scores it (regression: "0 of 20 predicted positive", exit 0)`, async () => {
      const fake = await startFakeProviderServer();
      try {
        const run = await hostedRun(`broken-${what.replace(/ /g, '-')}`, `${fake.url}/v1`);
        for (let index = 0; index < 200; index++) fake.faults.push({ type: 'content', content });
        const failed = await call(['prelabel', run]);
        expect(failed.code, failed.stderr).toBe(EXIT_USER);
        expect(failed.stderr).toMatch(/20 of 20 answers of openai:fake-model in this chunk were unavailable/);
        expect(failed.stdout).not.toContain('predicted positive');
        expectNoStackNorKey(failed.stderr);
        const status = await call(['status', run]);
        expect(status.stdout).toContain('unavailable answers: 20 of 20');
        const json = JSON.parse((await call(['status', run, '--json'])).stdout);
        expect(json.unavailableAnswers).toMatchObject({ unavailable: 20, chunk: 20, command: 'prelabel' });
        expect(json.phase).toBe('score');
        // Once the model answers, running prelabel again completes and the record is cleared.
        fake.faults.length = 0;
        const again = await call(['prelabel', run]);
        expect(again.code, again.stderr).toBe(0);
        expect(again.stdout).toContain('of 20 items predicted positive');
        expect(JSON.parse((await call(['status', run, '--json'])).stdout).unavailableAnswers).toBeNull();
      } finally {
        await fake.close();
      }
    });
  }
});

describe('hosted prelabel through the batch API (--batch)', () => {
  it('scores the pool in one provider batch, says how the batch goes, and ends with the item-by-item scores', async () => {
    const fake = await startFakeProviderServer();
    try {
      const single = await hostedRun('batch-single', `${fake.url}/v1`);
      const batched = await hostedRun('batch-batched', `${fake.url}/v1`);
      const one = await call(['prelabel', single]);
      expect(one.code, one.stderr).toBe(0);
      expect(fake.batch.batches).toHaveLength(0);
      const result = await call(['prelabel', batched, '--batch', '--batch-poll', '0.01']);
      expect(result.code, result.stderr).toBe(0);
      expect(fake.batch.batches).toHaveLength(1);
      expect(fake.batch.batches[0]?.create).toMatchObject({ endpoint: '/v1/chat/completions' });
      expect(result.stderr).toMatch(/batch \S+ submitted/);
      expect(result.stderr).toMatch(/batch \S+ finished \(completed\)/);
      expectNoStackNorKey(result.stderr + result.stdout);
      const positives = (text: string) => /(\d+) of 20 items predicted positive/.exec(text)?.[1];
      expect(positives(result.stdout)).toBeDefined();
      expect(positives(result.stdout)).toBe(positives(one.stdout));
    } finally {
      await fake.close();
    }
  });

  it('refuses a poll interval that is not a positive number of seconds', async () => {
    const result = await call(['prelabel', join(temp.dir, 'silent'), '--batch', '--batch-poll', '0']);
    expect(result.code).toBe(EXIT_USER);
    expect(result.stderr).toContain('--batch-poll takes a positive number of seconds');
  });
});
