import { describe, expect, it } from 'vitest';
import { createTokens } from './expert-tokens';
import { createReviewApp } from './review-app';
import type { BatchProgress, ReviewBackend, ReviewBatch } from './review-backend';

// The HTTP seam over an in-memory backend: validation, tokens, hosts and status codes. The backend over a
// real run is tested in run-store-backend.test.ts, the whole in a browser in test/review-browser.test.ts.
const BATCH: ReviewBatch = {
  iteration: 1,
  task: 'Is it spam?',
  guidelines: [],
  labels: ['no', 'yes'],
  positive: 'yes',
  expertsPerItem: 1,
  items: [{ id: 'a', text: 'hello', context: [], provenance: { rank: 0 } }],
  units: [{ kind: 'single', items: ['a'] }],
};

function memoryBackend(): ReviewBackend & { calls: string[] } {
  const labels = new Map<string, string>();
  const calls: string[] = [];
  const progress = (): BatchProgress => ({
    items: 1,
    itemsDone: labels.size > 0 ? 1 : 0,
    expertsPerItem: 1,
    complete: labels.size > 0,
  });
  return {
    batch: BATCH,
    calls,
    decide: async (expert, item, label) => {
      calls.push(`decide ${expert} ${item} ${label}`);
      const existing = labels.get(`${expert}|${item}`);
      if (existing !== undefined && existing !== label) {
        return { status: 'conflict', existing: { item, label: existing, seq: 1 }, batch: progress() };
      }
      labels.set(`${expert}|${item}`, label);
      return { status: 'recorded', decision: { item, label, seq: 1 }, batch: progress() };
    },
    undo: async (expert, item) => {
      calls.push(`undo ${expert} ${item}`);
      labels.delete(`${expert}|${item}`);
      return { batch: progress() };
    },
    view: async (expert) => ({
      expert,
      iteration: 1,
      decisions: [],
      labelled: 0,
      total: 1,
      batch: progress(),
    }),
    progress: async () => progress(),
    agreement: async () => ({ experts: [], pairs: [], meanPairwiseKappa: null, definedPairs: 0 }),
    close: async () => undefined,
  };
}

const assets = { js: 'void 0;', css: 'body{}' };
const backend0 = memoryBackend();
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Host: '127.0.0.1:4177', ...headers },
  body: JSON.stringify(body),
});

describe('the review app', () => {
  it('serves the page with a strict content security policy and no inline script', async () => {
    const app = createReviewApp({ backend: () => backend0, assets });
    const response = await app.request('/');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<script src="/review.js"></script>');
    expect(html).not.toMatch(/<script>/);
    expect(await (await app.request('/review.js')).text()).toBe('void 0;');
  });

  it('validates every input with zod and answers a contradiction with 409', async () => {
    const backend = memoryBackend();
    const app = createReviewApp({ backend: () => backend, assets });
    const bad = await app.request('/api/decide', json({ expert: 'no spaces', item: 'a', label: 'yes' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/expert/);
    expect(
      (await app.request('/api/decide', json({ expert: 'ana', item: 'a', label: 'yes', x: 1 }))).status,
    ).toBe(400);
    const form = await app.request('/api/decide', { method: 'POST', body: 'expert=ana' });
    expect(form.status).toBe(415);
    expect((await app.request('/api/decide', json({ expert: 'ana', item: 'a', label: 'yes' }))).status).toBe(
      200,
    );
    expect((await app.request('/api/decide', json({ expert: 'ana', item: 'a', label: 'no' }))).status).toBe(
      409,
    );
    expect((await app.request('/api/me')).status).toBe(400);
    expect(backend.calls).toEqual(['decide ana a yes', 'decide ana a no']);
  });

  it('with tokens, accepts no request without the token of its own expert', async () => {
    const backend = memoryBackend();
    const tokens = createTokens(['ana', 'ben']);
    const app = createReviewApp({ backend: () => backend, assets, tokens });
    const body = { expert: 'ana', item: 'a', label: 'yes' };
    expect((await app.request('/api/decide', json(body))).status).toBe(401);
    const bens = { Authorization: `Bearer ${tokens.get('ben')}` };
    expect((await app.request('/api/decide', json(body, bens))).status).toBe(401);
    expect((await app.request('/api/batch?expert=ana', { headers: bens })).status).toBe(401);
    expect(backend.calls).toEqual([]);
    const anas = { Authorization: `Bearer ${tokens.get('ana')}` };
    expect((await app.request('/api/decide', json(body, anas))).status).toBe(200);
    expect((await app.request('/api/batch?expert=ana', { headers: anas })).status).toBe(200);
    expect(backend.calls).toEqual(['decide ana a yes']);
  });

  it('answers 503 while the loop steps to the next batch', async () => {
    const app = createReviewApp({ backend: () => undefined, assets });
    const response = await app.request('/api/me?expert=ana');
    expect(response.status).toBe(503);
    expect((await app.request('/')).status).toBe(200);
  });

  it('answers only the Host names it serves (no DNS rebinding)', async () => {
    const app = createReviewApp({
      backend: () => backend0,
      assets,
      allowedHosts: new Set(['127.0.0.1:4177']),
    });
    expect((await app.request('/', { headers: { Host: '127.0.0.1:4177' } })).status).toBe(200);
    expect((await app.request('/', { headers: { Host: 'attacker.example:4177' } })).status).toBe(403);
  });
});
