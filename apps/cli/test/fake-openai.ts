import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A minimal OpenAI-compatible chat endpoint: labels a text positive when it contains "you", else negative. */
export interface FakeOpenAI {
  readonly url: string;
  readonly headers: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1; answers `POST /v1/chat/completions` with a `{"label": ...}` message. */
export async function startFakeOpenAI(labels: readonly [string, string]): Promise<FakeOpenAI> {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    headers.push(request.headers);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
      messages?: { role: string; content: string }[];
      model?: string;
    };
    const text = body.messages?.at(-1)?.content ?? '';
    const label = /\byou\b/i.test(text) ? labels[1] : labels[0];
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        id: 'chatcmpl-test',
        object: 'chat.completion',
        created: 0,
        model: body.model ?? 'fake',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: JSON.stringify({ label }), refusal: null },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    headers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
