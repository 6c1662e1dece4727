import type { Item, Label, Role } from '@borderline/core';
import type { Annotation, Annotator, CallOptions } from '../contracts';
import type { LabelOutcome } from './label-runner';

/** Settings of an annotator backed by a hosted or local model. */
export interface ModelAnnotatorOptions {
  /** Identity written on every label (default `<provider>:<model>`). */
  readonly id?: string;
  /** The role of its labels (default `model`). */
  readonly role?: Role;
}

/**
 * An annotator over any `label(texts)` function: labelled items carry one label with the annotator's id and role;
 * items the model could not label come back unavailable with the reason.
 */
export function createModelAnnotator(options: {
  readonly id: string;
  readonly role: Role;
  readonly labels: readonly [string, string];
  readonly label: (texts: readonly string[], options?: CallOptions) => Promise<readonly LabelOutcome[]>;
}): Annotator {
  return {
    specificationVersion: 'v1',
    id: options.id,
    role: options.role,
    async annotate(items: readonly Item[], callOptions?: CallOptions): Promise<readonly Annotation[]> {
      const outcomes = await options.label(
        items.map((item) => item.text),
        callOptions,
      );
      return items.map((item, index): Annotation => {
        const outcome = outcomes[index]!;
        if (outcome.status === 'unavailable')
          return { status: 'unavailable', item: item.id, reason: outcome.reason };
        const label: Label = {
          item: item.id,
          annotator: options.id,
          role: options.role,
          label: options.labels[outcome.label],
        };
        return { status: 'labelled', item: item.id, labels: [label] };
      });
    },
  };
}
