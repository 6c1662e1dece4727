import { BorderlineError, type Label } from '@borderline/core';
import type { IndexedAnnotation } from '@borderline/loop';
import { sha256Hex } from '@borderline/loop/store';
import type { Annotator } from '@borderline/runners';
import type { RunSession } from '../session/run-session';

/**
 * The pending batch's expert labels from the ledger, as the loop's annotations. An item with no expert label
 * is refused (its ids named) unless `allowMissing`, which records it as unavailable: never given a label.
 */
export async function ledgerAnnotations(
  session: RunSession,
  batch: readonly number[],
  options: { readonly allowMissing: boolean },
): Promise<IndexedAnnotation[]> {
  const items = await session.items();
  const byItem = new Map<string, { annotator: string; label: string }[]>();
  for (const index of batch) byItem.set(items[index]?.id ?? '', []);
  for (const entry of await session.store.readLabels({ role: 'expert' })) {
    byItem.get(entry.item)?.push({ annotator: entry.annotator, label: entry.label });
  }
  const missing = batch.filter((index) => (byItem.get(items[index]?.id ?? '')?.length ?? 0) === 0);
  if (missing.length > 0 && !options.allowMissing) {
    const ids = missing.map((index) => items[index]?.id ?? String(index));
    throw new BorderlineError({
      code: 'run-state',
      message: `step: ${ids.length} item(s) of iteration ${session.state().iteration} have no expert label yet: ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ', ...' : ''}; import them, or pass --allow-missing to record them as unavailable`,
    });
  }
  return batch.map((index): IndexedAnnotation => {
    const labels = byItem.get(items[index]?.id ?? '') ?? [];
    return labels.length === 0
      ? { status: 'unavailable', item: index, reason: 'no expert label was imported' }
      : { status: 'labelled', item: index, labels };
  });
}

/**
 * Has an annotator (recorded or simulated experts) label the batch items that have no expert label in the
 * ledger yet, and commits their labels to the ledger before anything else happens to them. Items already in
 * the ledger (a resumed run) are not asked again.
 */
export async function annotateIntoLedger(
  session: RunSession,
  annotator: Annotator,
  batch: readonly number[],
  signal?: AbortSignal,
): Promise<{ readonly added: number; readonly unavailable: number }> {
  const items = await session.items();
  const labelled = new Set((await session.store.readLabels({ role: 'expert' })).map((entry) => entry.item));
  const ask = batch
    .map((index) => items[index])
    .filter((item) => item !== undefined && !labelled.has(item.id));
  if (ask.length === 0) return { added: 0, unavailable: 0 };
  const iteration = session.state().iteration;
  const annotations = await annotator.annotate(
    ask as NonNullable<(typeof ask)[number]>[],
    signal ? { signal } : {},
  );
  const labels: Label[] = [];
  let unavailable = 0;
  for (const annotation of annotations) {
    if (annotation.status === 'unavailable') unavailable++;
    else for (const label of annotation.labels) labels.push({ ...label, role: 'expert', iteration });
  }
  const sha256 = sha256Hex(JSON.stringify(labels));
  const result = await session.store.appendLabels(labels, { source: annotator.id, sha256, iteration });
  return { added: result.added, unavailable };
}
