import { type Item, invalidArgument, type Label, ROLES, type Role, throwIfAborted } from '@borderline/core';
import type { Annotation, Annotator } from '../contracts';

/** Options of {@link createRecordedPanel}. */
export interface RecordedPanelOptions {
  /** Only labels of this role are replayed (e.g. `expert` or `crowd`). */
  readonly role: Role;
  /** The annotator id; default `recorded-<role>`. The replayed labels keep their own annotator ids. */
  readonly id?: string;
}

/**
 * An annotator replaying real judgments (a labels file): for each item, every recorded label of the role, in
 * file order. An item with no such label comes back `unavailable`: nothing is ever invented.
 */
export function createRecordedPanel(labels: readonly Label[], options: RecordedPanelOptions): Annotator {
  const { role } = options;
  if (!ROLES.includes(role)) throw invalidArgument('recorded-panel', `unknown role ${String(role)}`);
  const byItem = new Map<string, Label[]>();
  labels.forEach((label, index) => {
    if (typeof label?.item !== 'string' || typeof label.label !== 'string') {
      throw invalidArgument('recorded-panel', `labels[${index}] needs string item and label fields`);
    }
    if (label.role !== role) return;
    const list = byItem.get(label.item);
    if (list === undefined) byItem.set(label.item, [label]);
    else list.push(label);
  });
  // Frozen copies: a caller mutating its array afterwards does not change what the panel replays.
  const frozen = new Map(
    [...byItem].map(([item, list]) => [item, Object.freeze(list.map((l) => Object.freeze({ ...l })))]),
  );
  return Object.freeze({
    specificationVersion: 'v1',
    id: options.id ?? `recorded-${role}`,
    role,
    annotate: async (items: readonly Item[], callOptions: { readonly signal?: AbortSignal } = {}) => {
      throwIfAborted(callOptions.signal, 'recorded-panel');
      return items.map((item): Annotation => {
        const recorded = frozen.get(item.id);
        return recorded === undefined
          ? { status: 'unavailable', item: item.id, reason: `no recorded ${role} label for item ${item.id}` }
          : { status: 'labelled', item: item.id, labels: recorded };
      });
    },
  });
}
