import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeProviderServer } from '@borderline/runners/testing';
import { describe, expect, it } from 'vitest';
import { type CliResult, cli, tempDir, testEnv } from './helpers';

const OPENAI_KEY = 'sk-borderline-test-0penai-5ecret-7f3a9c';
const GEMINI_KEY = 'AIza-borderline-test-gemini-5ecret-91be';
const temp = tempDir('borderline-secrets-');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function expectNoKey(text: string | Buffer, where: string): void {
  const haystack = Buffer.isBuffer(text) ? text.toString('latin1') : text;
  for (const key of [OPENAI_KEY, GEMINI_KEY]) {
    expect(haystack.includes(key), `${where} contains an API key`).toBe(false);
  }
}

describe('API keys', () => {
  it('are read from the environment only, and appear nowhere in the run directory or the output', async () => {
    const fake = await startFakeProviderServer();
    const env = testEnv({ OPENAI_API_KEY: OPENAI_KEY, GEMINI_API_KEY: GEMINI_KEY });
    const outputs: CliResult[] = [];
    const call = async (argv: string[]) => {
      const result = await cli(argv, { cwd: temp.dir, env });
      outputs.push(result);
      return result;
    };
    try {
      const run = join(temp.dir, 'hosted');
      const init = await call([
        'init',
        run,
        '--dataset',
        'convabuse',
        '--embedder',
        'glove',
        '--limit',
        '120',
        '--batch-size',
        '20',
        '--runner',
        'openai',
        '--model',
        'fake-model',
        '--base-url',
        `${fake.url}/v1`,
      ]);
      expect(init.code, init.stderr).toBe(0);
      const prelabel = await call(['prelabel', run, '--chunk-size', '50']);
      expect(prelabel.code, prelabel.stderr).toBe(0);
      expect(fake.requests.length).toBeGreaterThan(0);
      // The key reached the provider (from the environment) ...
      expect(fake.requests.every((request) => request.headers.authorization === `Bearer ${OPENAI_KEY}`)).toBe(
        true,
      );
      for (const argv of [
        ['select', run],
        ['status', run],
        ['status', run, '--json'],
        ['export', run, '--report', ''],
      ]) {
        const result = await call(argv);
        expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(0);
      }
      const gemini = await call([
        'init',
        join(temp.dir, 'gemini'),
        '--dataset',
        'convabuse',
        '--embedder',
        'glove',
        '--runner',
        'gemini',
        '--limit',
        '10',
      ]);
      expect(gemini.code).toBe(0);
      // ... but nowhere else.
      const files = filesUnder(temp.dir);
      expect(files.some((file) => file.endsWith('run.duckdb'))).toBe(true);
      for (const file of files) expectNoKey(readFileSync(file), file);
      for (const [index, result] of outputs.entries()) {
        expectNoKey(result.stdout, `stdout of call ${index}`);
        expectNoKey(result.stderr, `stderr of call ${index}`);
      }
    } finally {
      await fake.close();
    }
  });

  it('are never taken from the command line', async () => {
    const result = await cli(
      ['init', join(temp.dir, 'x'), '--dataset', 'convabuse', '--api-key', OPENAI_KEY],
      {
        cwd: temp.dir,
        env: testEnv(),
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown argument');
    expectNoKey(result.stderr, 'stderr');
  });
});
