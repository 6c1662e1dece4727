import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BorderlineError } from '@borderline/core';
import { serve } from '@hono/node-server';
import { type ExpertTokens, isLoopback } from './expert-tokens';
import { loadPageAssets } from './page-assets';
import { createReviewApp } from './review-app';
import type { BatchProgress, ReviewBackend } from './review-backend';

/** How to serve a review. */
export interface ReviewServerOptions {
  /** The batch being served; undefined while the loop steps to the next one (answered with 503). */
  readonly backend: () => ReviewBackend | undefined;
  /** Default 127.0.0.1. Any other (non-loopback) address needs `tokens`. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly tokens?: ExpertTokens;
  readonly onChange?: (progress: BatchProgress) => void;
  readonly onError?: (error: unknown) => void;
}

/** A running review server. */
export interface ReviewServer {
  /** The page's address, e.g. `http://127.0.0.1:4177/`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, ends open connections, and resolves once the server is closed. */
  close(): Promise<void>;
}

function origin(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Serves the review page and its API. On a loopback address only loopback Host headers are answered (so a
 * page elsewhere cannot reach the server through DNS rebinding); any other address is refused unless every
 * expert has a token.
 */
export async function startReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  if (!loopback && (options.tokens === undefined || options.tokens.size === 0)) {
    throw new BorderlineError({
      code: 'invalid-argument',
      message: `review: serving on ${host} (not this machine's loopback) needs per-expert tokens: name the experts with --expert NAME (the command prints each one's link), or pass --token-file FILE`,
    });
  }
  const allowedHosts = new Set<string>();
  const app = createReviewApp({
    backend: options.backend,
    assets: await loadPageAssets(),
    ...(options.tokens === undefined ? {} : { tokens: options.tokens }),
    ...(loopback ? { allowedHosts } : {}),
    ...(options.onChange === undefined ? {} : { onChange: options.onChange }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  const server = serve({ fetch: app.fetch, hostname: host, port: options.port }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new BorderlineError({
          code: 'io',
          message: `review: cannot listen on ${origin(host, options.port)}${error.code === 'EADDRINUSE' ? ' (the port is in use; pick another with --port)' : ''}`,
          cause: error,
        }),
      ),
    );
  });
  const port = (server.address() as AddressInfo).port;
  for (const name of [host, 'localhost', '127.0.0.1', '[::1]']) {
    allowedHosts.add(`${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`);
  }
  return {
    url: `${origin(host, port)}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
