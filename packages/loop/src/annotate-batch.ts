import { invalidArgument } from '@borderline/core';
import type { Annotator, CallOptions } from '@borderline/runners';
import type { CurationStore, LedgerAnswer } from './curation-store';
import type { ExecutionEvent } from './execution-types';
import type { IndexedAnnotation } from './types';

/** The batch's answers as the loop's annotations, or the items that still have none. */
export type BatchAnswers =
  | { readonly status: 'answered'; readonly annotations: readonly IndexedAnnotation[] }
  | { readonly status: 'missing'; readonly missing: readonly number[] };

/**
 * The one mapping from expert answers to pool indices. With an annotator, the batch items that have no answer
 * in the ledger yet are sent to it and its answers are appended to the ledger before anything else happens to
 * them (a resumed run does not ask again). Then the ledger is read back: an item with answers is labelled; one
 * without is unavailable (the annotator's reason, when it gave one) if an annotator was asked or `allowMissing`,
 * and otherwise reported as missing.
 */
export async function annotateBatch(
  store: CurationStore,
  batch: { readonly iteration: number; readonly items: readonly number[] },
  options: {
    readonly annotator?: Annotator;
    readonly allowMissing?: boolean;
    readonly call: CallOptions;
    readonly emit: (event: ExecutionEvent) => void;
  },
): Promise<BatchAnswers> {
  const { annotator } = options;
  let answers = await store.readAnswers(batch.items);
  const reasons = new Map<number, string>();
  if (annotator !== undefined) {
    const ask = batch.items.filter((item) => !answers.has(item));
    if (ask.length > 0) {
      const recorded = await askAnnotator(store, annotator, ask, batch.iteration, reasons, options.call);
      options.emit({
        type: 'answers-recorded',
        iteration: batch.iteration,
        source: annotator.id,
        ...recorded,
      });
      answers = await store.readAnswers(batch.items);
    }
  }
  const missing = batch.items.filter((item) => !answers.has(item));
  if (missing.length > 0 && annotator === undefined && options.allowMissing !== true) {
    return { status: 'missing', missing };
  }
  const annotations = batch.items.map((item): IndexedAnnotation => {
    const found = answers.get(item);
    if (found === undefined) {
      return { status: 'unavailable', item, reason: reasons.get(item) ?? 'no expert label was recorded' };
    }
    return {
      status: 'labelled',
      item,
      labels: found.map(({ annotator: id, label }) => ({ annotator: id, label })),
    };
  });
  return { status: 'answered', annotations };
}

async function askAnnotator(
  store: CurationStore,
  annotator: Annotator,
  items: readonly number[],
  iteration: number,
  reasons: Map<number, string>,
  call: CallOptions,
): Promise<{ added: number; unavailable: number }> {
  const { ids, texts } = await store.itemsAt(items);
  const indexOf = new Map(items.map((item, position) => [ids[position]!, item]));
  const annotations = await annotator.annotate(
    items.map((_, position) => ({ id: ids[position]!, text: texts[position]! })),
    call,
  );
  const recorded: LedgerAnswer[] = [];
  let unavailable = 0;
  for (const annotation of annotations) {
    const item = indexOf.get(annotation.item);
    if (item === undefined) {
      throw invalidArgument(
        'curation',
        `annotator "${annotator.id}" answered for item "${annotation.item}" it was not sent`,
      );
    }
    if (annotation.status === 'unavailable') {
      unavailable++;
      reasons.set(item, annotation.reason);
      continue;
    }
    if (annotation.labels.length === 0) reasons.set(item, 'no labels returned');
    for (const label of annotation.labels)
      recorded.push({ item, annotator: label.annotator, label: label.label });
  }
  const { added } = await store.appendAnswers({ iteration, source: annotator.id, answers: recorded });
  return { added, unavailable };
}
