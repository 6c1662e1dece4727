import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openRunStore } from '@borderline/run-store';
import { LOCAL_EMBEDDER_ID, USE_LITE_EMBEDDER_ID } from '@borderline/runners';
import { describe, expect, it } from 'vitest';
import { cli, cliIn, tempDir, testEnv } from './helpers';

const temp = tempDir('borderline-embedder-');

const { ok } = cliIn(temp.dir);

async function embedded(run: string, id: string): Promise<number> {
  const store = await openRunStore(join(temp.dir, run), { mode: 'read' });
  try {
    return await store.embeddedCount(id);
  } finally {
    store.close();
  }
}

describe('the local embedder of a run', () => {
  it("embeds a user's data with USE-lite by default and LLM-0 scores in its space (regression: the CLI only knew GloVe)", async () => {
    const init = await ok(['init', 'use', '--dataset', 'convabuse', '--limit', '40', '--json']);
    expect(JSON.parse(init.stdout).config.embedder).toBe('use-lite');
    await ok(['prelabel', 'use', '--quiet']);
    expect(await embedded('use', USE_LITE_EMBEDDER_ID)).toBe(40);
    expect(await embedded('use', LOCAL_EMBEDDER_ID)).toBe(0);
    // Through the content cache of the cache directory: a second run over the same texts embeds nothing.
    const cache = join(testEnv().BORDERLINE_CACHE_DIR ?? '', 'embeddings');
    expect(readdirSync(cache).some((name) => name.startsWith(`${USE_LITE_EMBEDDER_ID}-`))).toBe(true);
    const status = await ok(['status', 'use']);
    expect(status.stdout).toContain('embedder use-lite');
    expect(JSON.parse((await ok(['status', 'use', '--json'])).stdout).embedder).toBe('use-lite');
  });

  it('keeps GloVe as a named option, recorded in the run (regression: no --embedder)', async () => {
    const init = await ok([
      'init',
      'glove',
      '--dataset',
      'convabuse',
      '--limit',
      '40',
      '--embedder',
      'glove',
      '--json',
    ]);
    expect(JSON.parse(init.stdout).config.embedder).toBe('glove');
    await ok(['prelabel', 'glove', '--quiet']);
    expect(await embedded('glove', LOCAL_EMBEDDER_ID)).toBe(40);
    expect(JSON.parse((await ok(['status', 'glove', '--json'])).stdout).embedder).toBe('glove');
  });

  it('refuses an unknown embedder', async () => {
    const result = await cli(['init', 'bad', '--dataset', 'convabuse', '--embedder', 'bert'], {
      cwd: temp.dir,
      env: testEnv(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('use-lite');
  });
});
