import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGemini } from './gemini';
import { createOpenAICompatible } from './openai-compatible';
import type { HostedWarning } from './retry';

const policy = { description: 'Ads that promise something for free.', labels: ['ok', 'violating'] as const };
const key = 'sk-test-SECRET-unreachable-42';
const texts = Array.from({ length: 24 }, (_, index) => `ad number ${index}`);

/** A server on 127.0.0.1 that accepts every request and never answers. */
async function silentServer(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer(() => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 nothing listens on (bound, then released). */
async function refusedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('an endpoint that never answers or refuses', () => {
  it('fails within the total retry bound naming the URL, never the key (regression: no end, no word)', async () => {
    const server = await silentServer();
    close = server.close;
    const warnings: HostedWarning[] = [];
    const classifier = createOpenAICompatible({
      baseURL: `${server.url}/v1`,
      apiKey: key,
      timeout: 100,
      maxRetryTime: 400,
      retryDelay: 10,
      onWarning: (warning) => warnings.push(warning),
    }).classifier({ model: 'm', policy });
    const error = (await classifier.classify(texts).catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ code: 'runner', retryable: true });
    expect(error.message).toContain(`no answer from ${server.url}/v1`);
    expect(error.message).toContain('the limit is');
    expect(error.message).not.toContain(key);
    expect(warnings.some((warning) => warning.type === 'retry' && warning.reason.includes(server.url))).toBe(
      true,
    );
    for (const warning of warnings) expect(JSON.stringify(warning)).not.toContain(key);
  });

  it('stops the other requests once one has spent its retries (regression: each text retried on its own)', async () => {
    const server = await silentServer();
    close = server.close;
    const classifier = createOpenAICompatible({
      baseURL: `${server.url}/v1`,
      apiKey: key,
      timeout: 50,
      maxRetries: 1,
      retryDelay: 1,
      concurrency: 4,
    }).classifier({ model: 'm', policy });
    await expect(classifier.classify(texts)).rejects.toMatchObject({ code: 'runner' });
    // At most the first wave and its retries were sent; each of the 24 texts retried alone would be 48.
    expect(server.requests()).toBeLessThanOrEqual(4 * 2 + 4);
  });

  it('a refused port fails naming the URL (regression: 2 min 44 s of silent retries)', async () => {
    const url = await refusedPort();
    const classifier = createOpenAICompatible({
      baseURL: `${url}/v1`,
      apiKey: key,
      maxRetries: 2,
      retryDelay: 1,
    }).classifier({ model: 'm', policy });
    const error = (await classifier.classify(texts).catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ code: 'runner' });
    expect(error.message).toContain(`cannot reach ${url}/v1`);
    expect(error.message).toContain('after 3 attempts');
    expect(error.message).not.toContain(key);
  });

  it('rejects a total retry bound that is not a positive number of milliseconds', () => {
    expect(() => createGemini({ apiKey: key, maxRetryTime: -1 }).classifier({ model: 'g', policy })).toThrow(
      /maxRetryTime/,
    );
  });
});
