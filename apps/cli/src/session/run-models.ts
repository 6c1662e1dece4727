import { join } from 'node:path';
import type { BatchProgress } from '@borderline/runners';
import type { CliIo } from '../io';
import type { Output } from '../render/output';
import type { UnavailableAnswers } from './answer-guard';
import { createRunModels, type RunModels } from './models';
import type { RunSession } from './run-session';

/** The meta key of the last chunk that failed on unavailable hosted answers (null once a command got through). */
export const UNAVAILABLE_KEY = 'unavailable-answers';

/** What `status` shows of unavailable answers: the last failed chunk, by which command and model version. */
export interface UnavailableRecord extends UnavailableAnswers {
  readonly command: string;
  readonly modelVersion: number;
}

/** The hosted time bounds a command was given, in seconds (`--timeout`, `--max-retry-time`), and `--batch`. */
export interface HostedBounds {
  readonly timeout?: number;
  readonly maxRetryTime?: number;
  /** Score through the provider's batch API (openai, gemini). */
  readonly batch?: boolean;
  /** Seconds between polls of a running batch. */
  readonly batchPoll?: number;
}

/** The folder of a run's batch records: a killed command finds its submitted batches here. */
export const BATCH_STATE_DIR = 'batches';

/** One line per step of a batch's life, for the terminal. */
export function describeBatchProgress(progress: BatchProgress): string {
  const counts =
    progress.total > 0 ? `: ${progress.completed} of ${progress.total} done, ${progress.failed} failed` : '';
  return `batch ${progress.batchId} ${progress.event} (${progress.status})${counts}`;
}

/** The batch options of a command, or why `--batch` is ignored. */
function batchOptions(session: RunSession, output: Output, bounds: HostedBounds) {
  if (bounds.batch !== true) return {};
  const runner = session.config.runner;
  if (runner !== 'openai' && runner !== 'gemini') {
    output.warn(
      `--batch ignored: the ${runner} runner has no batch API (it applies to openai and gemini runs)`,
    );
    return {};
  }
  return {
    batch: {
      stateDir: join(session.store.dir, BATCH_STATE_DIR),
      ...(bounds.batchPoll === undefined ? {} : { pollInterval: Math.round(bounds.batchPoll * 1000) }),
      onProgress: (progress: BatchProgress) => output.note(describeBatchProgress(progress)),
    },
  };
}

/**
 * Builds the run's models for one command and runs `work` with them: warnings and retries go to the terminal, a
 * hosted run says what it waits for, and a chunk that failed on unavailable answers is recorded in the run (for
 * `status`) even though the command's own work was rolled back; a command that gets through clears the record.
 */
export async function withRunModels<T>(
  io: CliIo,
  session: RunSession,
  output: Output,
  command: string,
  bounds: HostedBounds,
  work: (models: RunModels) => Promise<T>,
): Promise<T> {
  let failed: UnavailableAnswers | undefined;
  const models = await createRunModels(session.config, io.env, session.store, {
    onWarning: (message) => output.warn(message),
    ...(bounds.timeout === undefined ? {} : { timeoutMs: Math.round(bounds.timeout * 1000) }),
    ...(bounds.maxRetryTime === undefined ? {} : { maxRetryTimeMs: Math.round(bounds.maxRetryTime * 1000) }),
    ...batchOptions(session, output, bounds),
    onUnavailable: (answers) => {
      failed = answers;
    },
  });
  if (models.waitsFor !== undefined) output.note(models.waitsFor);
  let result: T;
  try {
    result = await work(models);
  } catch (error) {
    if (failed !== undefined) {
      const record: UnavailableRecord = { ...failed, command, modelVersion: session.state().modelVersion };
      await session.store.setMeta(UNAVAILABLE_KEY, record);
    }
    throw error;
  }
  if (models.waitsFor !== undefined && (await session.store.getMeta(UNAVAILABLE_KEY)) != null) {
    await session.store.setMeta(UNAVAILABLE_KEY, null);
  }
  return result;
}
