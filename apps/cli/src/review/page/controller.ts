import type { MeResponse, ReviewApi } from './api';
import { type KeyActions, keyHandler } from './keys';
import { type LedgerCalls, ledgerCalls, say } from './ledger-calls';
import { render } from './render';
import { nextOpenUnit, type PageState, recentDecisions, unitDone } from './state';

/** The page's behaviour: what each action does to the state, and the redraw after it. */
export interface Controller extends KeyActions {
  refresh(me: MeResponse): void;
  notice(text: string): void;
  key(event: KeyboardEvent): void;
}

/** What every group of actions works over: the state, the redraw, the ledger and the whole controller. */
interface ControllerContext {
  readonly state: PageState;
  readonly draw: () => void;
  readonly ledger: LedgerCalls;
  /** The items of the current unit. */
  readonly itemsOfUnit: () => readonly string[];
  /** The assembled controller, for actions that call each other. */
  readonly actions: () => Controller;
}

/** Wires the state, the API and the page in `root`. */
export function controller(root: HTMLElement, state: PageState, api: ReviewApi): Controller {
  const draw = () => render(root, state, actions);
  const context: ControllerContext = {
    state,
    draw,
    ledger: ledgerCalls(state, api, draw, (me) => actions.refresh(me)),
    itemsOfUnit: () => state.batch.units[state.unit]?.items ?? [],
    actions: () => actions,
  };
  const actions: Controller = {
    ...navigation(context),
    ...ledgerActions(context),
    ...viewActions(context),
    key: (event) => handleKey(event),
  };
  const handleKey = keyHandler(state, actions);
  return actions;
}

/** Moving between units and items, and choosing a label (a draft until submitted). */
function navigation({ state, draw, itemsOfUnit }: ControllerContext) {
  return {
    choose: (item: string, label: string) => {
      state.drafts.set(item, label);
      const items = itemsOfUnit();
      const after = items.indexOf(item);
      const open = items.findIndex(
        (id, index) => index > after && !state.drafts.has(id) && !state.mine.has(id),
      );
      state.focus = open >= 0 ? open : Math.max(0, after);
      draw();
    },
    goTo: (unit: number, item?: string) => {
      const count = state.batch.units.length;
      state.unit = ((unit % count) + count) % count;
      const items = itemsOfUnit();
      state.focus = Math.max(
        0,
        item === undefined ? items.findIndex((id) => !state.mine.has(id)) : items.indexOf(item),
      );
      draw();
    },
    moveFocus: (step: number) => {
      const count = Math.max(1, itemsOfUnit().length);
      state.focus = (((state.focus + step) % count) + count) % count;
      draw();
    },
  } satisfies Partial<Controller>;
}

/** The actions that write to the ledger: submitting a unit, changing a saved label, undoing the last one. */
function ledgerActions(context: ControllerContext) {
  const { state, draw, ledger, itemsOfUnit, actions } = context;
  return {
    submit: async () => {
      if (state.saving.size > 0) return;
      if (!(await saveDrafts(context))) return;
      if (unitDone(state, state.unit)) advance(context);
      else {
        state.focus = Math.max(
          0,
          itemsOfUnit().findIndex((id) => !state.mine.has(id)),
        );
        if (state.status.kind !== 'error')
          say(state, 'Choose a label for every item of the pair, then Enter.');
      }
      draw();
    },
    change: async (item: string, label: string) => {
      const before = state.mine.get(item)?.label;
      if (await ledger.undo(item)) {
        state.drafts.set(item, label);
        if (await ledger.decide(item, label)) {
          say(
            state,
            `changed: ${item} from "${before}" to "${label}" (ledger #${state.mine.get(item)?.seq})`,
            'saved',
          );
        }
      }
      draw();
    },
    undoLast: async () => {
      const choices = unsaved(context);
      const last = recentDecisions(state)[0];
      if (choices.length > 0) {
        for (const id of choices) state.drafts.delete(id);
        say(state, 'discarded the unsaved choice(s)');
      } else if (last === undefined) say(state, 'nothing to undo');
      else if (await ledger.undo(last.item))
        return actions().goTo(state.unitOf.get(last.item) ?? 0, last.item);
      draw();
    },
  } satisfies Partial<Controller>;
}

/**
 * Sends the current unit's drafts, in order: a draft equal to the saved label is dropped, one over a saved label
 * changes it, a new one is decided. False when a decision was not committed (the submit stops there).
 */
async function saveDrafts({ state, ledger, itemsOfUnit, actions }: ControllerContext): Promise<boolean> {
  for (const item of itemsOfUnit()) {
    const draft = state.drafts.get(item);
    const saved = state.mine.get(item);
    if (draft === undefined) continue;
    if (saved?.label === draft) state.drafts.delete(item);
    else if (saved !== undefined) await actions().change(item, draft);
    else if (!(await ledger.decide(item, draft))) return false;
  }
  return true;
}

/** On to the next unfinished unit, or the thanks when every unit is done. */
function advance({ state, actions }: ControllerContext): void {
  const next = nextOpenUnit(state, state.unit + 1);
  if (next === undefined) say(state, 'You have labelled every item of this batch. Thank you.', 'saved');
  else actions().goTo(next);
}

/** The current unit's items chosen but not saved (a draft that differs from the saved label). */
function unsaved({ state, itemsOfUnit }: ControllerContext): string[] {
  return itemsOfUnit().filter(
    (id) => state.drafts.has(id) && state.drafts.get(id) !== state.mine.get(id)?.label,
  );
}

/** What is shown besides the unit: provenance, the keys, the status line, and the server's latest view. */
function viewActions({ state, draw }: ControllerContext) {
  return {
    toggleProvenance: () => {
      state.showProvenance = !state.showProvenance;
      draw();
    },
    toggleKeys: () => {
      state.showKeys = !state.showKeys;
      draw();
    },
    notice: (text: string) => {
      say(state, text);
      draw();
    },
    refresh: (me: MeResponse) => {
      // The loop stepped (--auto-step): the next batch is served.
      if (me.iteration !== state.batch.iteration) return location.reload();
      state.progress = me.batch;
      if (me.agreement !== undefined) state.agreement = me.agreement;
      else if (!me.batch.complete) delete state.agreement;
      if (state.saving.size === 0)
        state.mine = new Map(me.decisions.map((decision) => [decision.item, decision]));
      draw();
    },
  } satisfies Partial<Controller>;
}
