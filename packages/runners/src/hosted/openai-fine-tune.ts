import type { Example } from '@borderline/core';
import { z } from 'zod';
import type { AdaptOptions } from '../contracts';
import { abortedError, runnerError } from './errors';
import type { OpenAIContext } from './openai-client';
import { openAICall, openAISdk } from './openai-client';

/** Options of a provider fine-tuning job. */
export interface FineTuneOptions {
  /** Milliseconds between job polls (default 30 000). */
  readonly pollInterval?: number;
  /** Appended by the provider to the tuned model's name. */
  readonly suffix?: string;
  /** Seed passed to the job, so a retrain is reproducible where the provider allows. */
  readonly seed?: number;
}

/** zod schema of {@link FineTuneOptions}. */
export const fineTuneSchema = z.object({
  pollInterval: z.number().min(0).optional(),
  suffix: z.string().min(1).max(40).optional(),
  seed: z.number().int().optional(),
});

/** The training file: one chat per example, answering in the same JSON the classifier asks for. Weights are not sent. */
export function fineTuneJsonl(
  system: string,
  labels: readonly [string, string],
  examples: readonly Example[],
): string {
  return examples
    .map((example) =>
      JSON.stringify({
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: example.text },
          { role: 'assistant', content: JSON.stringify({ label: labels[example.label] }) },
        ],
      }),
    )
    .join('\n');
}

/** Uploads the examples, creates the job, reports its id, and waits for the tuned model's name. */
export async function startOpenAIFineTune(
  context: OpenAIContext,
  request: {
    readonly model: string;
    readonly system: string;
    readonly labels: readonly [string, string];
    readonly examples: readonly Example[];
    readonly fineTune: FineTuneOptions;
    readonly adaptOptions?: AdaptOptions;
  },
): Promise<string> {
  const signal = request.adaptOptions?.signal;
  const body = fineTuneJsonl(request.system, request.labels, request.examples);
  const file = await openAICall(
    context,
    async (attempt) => {
      const client = await context.client();
      const { toFile } = await openAISdk.load();
      return client.files.create(
        { file: await toFile(Buffer.from(body), 'borderline-fine-tune.jsonl'), purpose: 'fine-tune' },
        { signal: attempt },
      );
    },
    signal,
  );
  const job = await openAICall(
    context,
    async (attempt) =>
      (await context.client()).fineTuning.jobs.create(
        {
          model: request.model,
          training_file: file.id,
          ...(request.fineTune.suffix === undefined ? {} : { suffix: request.fineTune.suffix }),
          ...(request.fineTune.seed === undefined ? {} : { seed: request.fineTune.seed }),
        },
        { signal: attempt },
      ),
    signal,
  );
  request.adaptOptions?.onProgress?.({ type: 'job', jobId: job.id, status: job.status });
  return resumeOpenAIFineTune(context, job.id, request.fineTune, request.adaptOptions);
}

/** Polls a job until it succeeds (the tuned model's name) or fails (a `runner` error naming the job). */
export async function resumeOpenAIFineTune(
  context: OpenAIContext,
  jobId: string,
  fineTune: FineTuneOptions,
  adaptOptions?: AdaptOptions,
): Promise<string> {
  const signal = adaptOptions?.signal;
  const component = context.runtime.component;
  for (;;) {
    if (signal?.aborted) throw abortedError(component);
    const job = await openAICall(
      context,
      async (attempt) => (await context.client()).fineTuning.jobs.retrieve(jobId, { signal: attempt }),
      signal,
    );
    adaptOptions?.onProgress?.({ type: 'job', jobId, status: job.status });
    if (job.status === 'succeeded') {
      if (typeof job.fine_tuned_model === 'string' && job.fine_tuned_model !== '')
        return job.fine_tuned_model;
      throw runnerError({
        component,
        message: `fine-tuning job ${jobId} succeeded without a model name`,
        retryable: false,
        secrets: context.runtime.retry.secrets,
      });
    }
    if (job.status === 'failed' || job.status === 'cancelled') {
      throw runnerError({
        component,
        message: `fine-tuning job ${jobId} ${job.status}${job.error?.message ? `: ${job.error.message}` : ''}`,
        retryable: false,
        secrets: context.runtime.retry.secrets,
      });
    }
    await context.runtime.retry.sleep(fineTune.pollInterval ?? 30_000, signal);
  }
}
