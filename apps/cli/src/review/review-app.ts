import { BorderlineError } from '@borderline/core';
import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { decideRequestSchema, expertQuerySchema, undoRequestSchema } from './api-schemas';
import { type ExpertTokens, tokenMatches } from './expert-tokens';
import type { PageAssets } from './page-assets';
import type { BatchProgress, ReviewBackend } from './review-backend';

/** What the review server is made of. */
export interface ReviewAppOptions {
  /** The batch being served; undefined while the loop steps to the next one (`--auto-step`): 503. */
  readonly backend: () => ReviewBackend | undefined;
  readonly assets: PageAssets;
  /** When given, every API request needs `Authorization: Bearer <the token of its expert>`. */
  readonly tokens?: ExpertTokens;
  /** Host headers accepted (a guard against DNS rebinding on a loopback bind); any when undefined. */
  readonly allowedHosts?: ReadonlySet<string>;
  /** Called after every committed change with the batch's progress. */
  readonly onChange?: (progress: BatchProgress) => void;
  /** Called with an unexpected error (the response says only "internal error"). */
  readonly onError?: (error: unknown) => void;
}

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>borderline review</title>
<link rel="stylesheet" href="/review.css">
</head>
<body>
<main id="app"><p class="loading">Loading the batch…</p></main>
<script src="/review.js"></script>
</body>
</html>
`;

/** A refusal with its HTTP status. */
class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 415 | 503,
    message: string,
  ) {
    super(message);
  }
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
  );
  throw new Refusal(400, `bad request: ${problems.join('; ')}`);
}

function bearer(c: Context): string | undefined {
  const header = c.req.header('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

async function jsonBody(c: Context): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
    throw new Refusal(415, 'send the request as application/json');
  }
  try {
    return await c.req.json();
  } catch {
    throw new Refusal(400, 'bad request: the body is not JSON');
  }
}

/**
 * The review server's routes (Hono): the page and its two assets, and a small JSON API over the backend. Every
 * input is validated with zod at this seam; with tokens, no API request is served without its expert's token.
 */
export function createReviewApp(options: ReviewAppOptions): Hono {
  const app = new Hono();
  guard(app, options);
  pageRoutes(app, options.assets);
  const api = apiContext(options);
  readRoutes(app, api);
  writeRoutes(app, api);
  return app;
}

/** Every response: the Host check, the security headers, and errors as JSON with their status. */
function guard(app: Hono, options: ReviewAppOptions): void {
  app.use('*', async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (options.allowedHosts !== undefined && !options.allowedHosts.has(host)) {
      return c.json({ error: `host "${host}" is not served here` }, 403);
    }
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cache-Control', 'no-store');
  });
  app.onError((error, c) => {
    if (error instanceof Refusal) return c.json({ error: error.message }, error.status);
    if (BorderlineError.is(error) && error.code === 'invalid-data')
      return c.json({ error: error.message }, 422);
    options.onError?.(error);
    return c.json({ error: 'internal error (see the terminal running borderline review)' }, 500);
  });
}

/** The page and its script and stylesheet. */
function pageRoutes(app: Hono, assets: PageAssets): void {
  app.get('/', (c) => c.html(PAGE));
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/review.js', (c) => c.body(assets.js, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/review.css', (c) => c.body(assets.css, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
}

/** What the API routes share: the backend being served, the token check, and the change callback. */
interface ApiContext {
  /** The backend, or a 503 while the loop steps. */
  serving(): ReviewBackend;
  /** `expert` once the request carries their token (when tokens are in use); else a 401. */
  authorize(c: Context, expert: string): string;
  changed(progress: BatchProgress): BatchProgress;
}

function apiContext(options: ReviewAppOptions): ApiContext {
  const { tokens } = options;
  return {
    serving: () => {
      const backend = options.backend();
      if (backend === undefined)
        throw new Refusal(503, 'the loop is stepping to the next batch; try again in a moment');
      return backend;
    },
    authorize: (c, expert) => {
      if (tokens !== undefined && !tokenMatches(tokens, expert, bearer(c))) {
        throw new Refusal(401, `no valid token for expert "${expert}"`);
      }
      return expert;
    },
    changed: (progress) => {
      options.onChange?.(progress);
      return progress;
    },
  };
}

/** The batch, the expert's own view (with the agreement once the batch is complete), and the agreement. */
function readRoutes(app: Hono, { serving, authorize }: ApiContext): void {
  app.get('/api/batch', (c) => {
    authorize(c, parsed(expertQuerySchema, c.req.query()).expert);
    return c.json(serving().batch);
  });
  app.get('/api/me', async (c) => {
    const expert = authorize(c, parsed(expertQuerySchema, c.req.query()).expert);
    const backend = serving();
    const view = await backend.view(expert);
    return c.json({ ...view, ...(view.batch.complete ? { agreement: await backend.agreement() } : {}) });
  });
  app.get('/api/agreement', async (c) => {
    authorize(c, parsed(expertQuerySchema, c.req.query()).expert);
    const backend = serving();
    return c.json({ batch: await backend.progress(), agreement: await backend.agreement() });
  });
}

/** A decision and its undo, each committed to the ledger before the answer. */
function writeRoutes(app: Hono, { serving, authorize, changed }: ApiContext): void {
  app.post('/api/decide', async (c) => {
    const request = parsed(decideRequestSchema, await jsonBody(c));
    authorize(c, request.expert);
    const outcome = await serving().decide(request.expert, request.item, request.label);
    if (outcome.status === 'recorded') changed(outcome.batch);
    return c.json(outcome, outcome.status === 'conflict' ? 409 : 200);
  });
  app.post('/api/undo', async (c) => {
    const request = parsed(undoRequestSchema, await jsonBody(c));
    authorize(c, request.expert);
    const outcome = await serving().undo(request.expert, request.item);
    if (outcome.undone !== undefined) changed(outcome.batch);
    return c.json(outcome);
  });
}
