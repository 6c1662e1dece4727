import type { BatchAgreement, BatchProgress, Decision, ReviewBatch, ReviewItem } from '../review-backend';

/** Everything the page shows, in one place; rendering is a function of it. */
export interface PageState {
  readonly expert: string;
  readonly batch: ReviewBatch;
  readonly itemsById: ReadonlyMap<string, ReviewItem>;
  /** Item id -> index of its unit. */
  readonly unitOf: ReadonlyMap<string, number>;
  /** The expert's confirmed labels (committed to the ledger), by item. */
  mine: Map<string, Decision>;
  /** Chosen but not yet submitted, by item. */
  drafts: Map<string, string>;
  /** Items whose decision is on its way to the ledger. */
  saving: Set<string>;
  unit: number;
  /** Index of the focused item within the unit. */
  focus: number;
  progress: BatchProgress;
  agreement?: BatchAgreement;
  showProvenance: boolean;
  showKeys: boolean;
  status: { readonly text: string; readonly kind: 'info' | 'saved' | 'error' };
}

/** A fresh state for `expert` on `batch`. */
export function initialState(expert: string, batch: ReviewBatch, progress: BatchProgress): PageState {
  const unitOf = new Map<string, number>();
  batch.units.forEach((unit, index) => {
    for (const item of unit.items) unitOf.set(item, index);
  });
  return {
    expert,
    batch,
    itemsById: new Map(batch.items.map((item) => [item.id, item])),
    unitOf,
    mine: new Map(),
    drafts: new Map(),
    saving: new Set(),
    unit: 0,
    focus: 0,
    progress,
    showProvenance: false,
    showKeys: false,
    status: { text: 'Choose a label with its number key, then press Enter.', kind: 'info' },
  };
}

/** Whether the expert has a confirmed label on every item of unit `index`. */
export function unitDone(state: PageState, index: number): boolean {
  return (state.batch.units[index]?.items ?? []).every((item) => state.mine.has(item));
}

/** The first unit from `from` on (wrapping) that the expert has not finished; undefined when none is left. */
export function nextOpenUnit(state: PageState, from: number): number | undefined {
  const count = state.batch.units.length;
  for (let step = 0; step < count; step++) {
    const index = (from + step) % count;
    if (!unitDone(state, index)) return index;
  }
  return undefined;
}

/** The expert's decisions, most recent first. */
export function recentDecisions(state: PageState): Decision[] {
  return [...state.mine.values()].sort((a, b) => b.seq - a.seq);
}

/** The item of the current unit that has focus. */
export function focusedItem(state: PageState): string | undefined {
  return state.batch.units[state.unit]?.items[state.focus];
}
