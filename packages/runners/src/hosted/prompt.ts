import { createRng, type Example, invalidArgument } from '@borderline/core';
import { z } from 'zod';

/** What a hosted model is asked to judge: the policy text and the two label names (negative first). */
export interface HostedPolicy {
  /** The policy description the experts follow, in plain words. */
  readonly description: string;
  /** The two categories, negative first (default `['negative', 'positive']`). */
  readonly labels?: readonly [string, string];
}

/** zod schema of {@link HostedPolicy}. */
export const hostedPolicySchema = z.object({
  description: z.string().min(1),
  labels: z
    .tuple([z.string().min(1), z.string().min(1)])
    .refine(([negative, positive]) => negative !== positive, 'the two labels must differ')
    .optional(),
});

/** zod schema of a few-shot example. */
export const exampleSchema = z.object({
  text: z.string(),
  label: z.union([z.literal(0), z.literal(1)]),
  weight: z.number().min(0).optional(),
});

/** The settings every hosted prompted classifier validates (OpenAI-compatible and Gemini add their own). */
export const hostedClassifierShape = {
  model: z.string().min(1),
  policy: hostedPolicySchema,
  examples: z.array(exampleSchema).optional(),
  maxExamples: z.number().int().min(0).max(512).optional(),
  seed: z.number().finite().optional(),
  logprobs: z.boolean().optional(),
};

/** One turn of a chat prompt. */
export interface PromptTurn {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** The label names of a policy, negative first. */
export function policyLabels(policy: HostedPolicy): readonly [string, string] {
  return policy.labels ?? ['negative', 'positive'];
}

/** The system instruction: the policy and what each label means. */
export function systemInstruction(policy: HostedPolicy): string {
  const [negative, positive] = policyLabels(policy);
  return [
    'You label short texts under the policy below.',
    `Policy: ${policy.description}`,
    `Answer "${positive}" when the text falls under the policy, "${negative}" when it does not.`,
    'Answer with the label only, in the requested format.',
  ].join('\n');
}

/**
 * At most `limit` examples, balanced between the classes and in a seeded order, so a prompt stays short and the
 * same examples always give the same prompt.
 */
export function chooseExamples(
  examples: readonly Example[],
  limit: number,
  seed: number,
): readonly Example[] {
  if (!Number.isInteger(limit) || limit < 0)
    throw invalidArgument('hosted prompt', `maxExamples must be >= 0`);
  if (examples.length <= limit) return examples;
  const rng = createRng(seed);
  const byClass: Example[][] = [[], []];
  for (const example of examples) byClass[example.label]!.push(example);
  const negatives = rng.shuffle(byClass[0]!);
  const positives = rng.shuffle(byClass[1]!);
  const chosen: Example[] = [];
  // Alternate classes so a 0.5% positive pool still shows the model positives.
  for (let index = 0; chosen.length < limit; index++) {
    const negative = negatives[index];
    const positive = positives[index];
    if (negative === undefined && positive === undefined) break;
    if (positive !== undefined) chosen.push(positive);
    if (negative !== undefined && chosen.length < limit) chosen.push(negative);
  }
  return chosen;
}

/** The few-shot turns: each example as a user text and the assistant's answer, rendered by `answer`. */
export function fewShotTurns(
  examples: readonly Example[],
  labels: readonly [string, string],
  answer: (label: string) => string,
): PromptTurn[] {
  const turns: PromptTurn[] = [];
  for (const example of examples) {
    turns.push({ role: 'user', content: example.text });
    turns.push({ role: 'assistant', content: answer(labels[example.label]) });
  }
  return turns;
}
