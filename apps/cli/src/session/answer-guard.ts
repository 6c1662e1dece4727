import { BorderlineError } from '@borderline/core';
import type { Classifier } from '@borderline/runners';

/** What the guard saw of a hosted model's unavailable answers (a malformed answer, a label outside the set). */
export interface UnavailableAnswers {
  /** Texts of the chunk that failed. */
  readonly chunk: number;
  /** Of those, the answers still unavailable after asking again. */
  readonly unavailable: number;
  /** The model's reasons, as reported by the runner (first few, distinct). */
  readonly reasons: readonly string[];
}

/** The reasons the runner reported for the answers it could not use; cleared by the guard per chunk. */
export interface ReasonLog {
  add(reason: string): void;
  take(): string[];
}

/** A log of reasons, filled from the runner's `malformed-answer` warnings. */
export function createReasonLog(): ReasonLog {
  let reasons: string[] = [];
  return {
    add: (reason) => {
      if (!reasons.includes(reason) && reasons.length < 3) reasons.push(reason);
    },
    take: () => {
      const taken = reasons;
      reasons = [];
      return taken;
    },
  };
}

function unavailableIndices(scores: Float64Array): number[] {
  const out: number[] = [];
  for (let index = 0; index < scores.length; index++) if (Number.isNaN(scores[index]!)) out.push(index);
  return out;
}

/**
 * A hosted classifier whose unavailable answers (NaN scores: a malformed answer or a label outside the set, given
 * twice) never become a score: the texts without an answer are asked once more, and if any is still unavailable
 * the chunk fails with a `runner` error that counts them and gives the model's reasons. Nothing of that chunk is
 * committed; the answers received are in the run's answer cache, so running the command again asks only for the
 * missing ones. `onUnavailable` hears of each failed chunk (the command records it for `status`). Versions made
 * by `adapt` are guarded too.
 */
export function guardAnswers(
  classifier: Classifier,
  reasons: ReasonLog,
  onUnavailable: (answers: UnavailableAnswers) => void,
): Classifier {
  return {
    specificationVersion: classifier.specificationVersion,
    provider: classifier.provider,
    modelId: classifier.modelId,
    version: classifier.version,
    classify: async (texts, options) => {
      const scores = await classifier.classify(texts, options);
      let missing = unavailableIndices(scores);
      if (missing.length > 0) {
        const again = await classifier.classify(
          missing.map((index) => texts[index] ?? ''),
          options,
        );
        missing.forEach((index, position) => {
          scores[index] = again[position]!;
        });
        missing = unavailableIndices(scores);
      }
      const taken = reasons.take();
      if (missing.length === 0) return scores;
      const answers = { chunk: texts.length, unavailable: missing.length, reasons: taken };
      onUnavailable(answers);
      throw new BorderlineError({ code: 'runner', message: unavailableMessage(classifier.modelId, answers) });
    },
    adapt: async (examples, options) =>
      guardAnswers(await classifier.adapt(examples, options), reasons, onUnavailable),
  };
}

/** The words for a chunk that failed on unavailable answers. */
export function unavailableMessage(model: string, answers: UnavailableAnswers): string {
  const why = answers.reasons.length === 0 ? '' : ` (${answers.reasons.join('; ')})`;
  return [
    `${answers.unavailable} of ${answers.chunk} answers of ${model} in this chunk were unavailable after asking again${why}.`,
    'No unavailable answer is turned into a label or a score: the chunk was not committed.',
    'The answers received are kept and not paid for again; run the command again to ask for the missing ones, or choose another --model.',
  ].join('\n');
}
