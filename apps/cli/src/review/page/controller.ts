import type { MeResponse, ReviewApi } from './api';
import { type KeyActions, keyHandler } from './keys';
import { ledgerCalls, say } from './ledger-calls';
import { render } from './render';
import { nextOpenUnit, type PageState, recentDecisions, unitDone } from './state';

/** The page's behaviour: what each action does to the state, and the redraw after it. */
export interface Controller extends KeyActions {
  refresh(me: MeResponse): void;
  notice(text: string): void;
  key(event: KeyboardEvent): void;
}

/** Wires the state, the API and the page in `root`. */
export function controller(root: HTMLElement, state: PageState, api: ReviewApi): Controller {
  const draw = () => render(root, state, actions);
  const itemsOfUnit = () => state.batch.units[state.unit]?.items ?? [];
  const ledger = ledgerCalls(state, api, draw, (me) => actions.refresh(me));
  const unsaved = () =>
    itemsOfUnit().filter((id) => state.drafts.has(id) && state.drafts.get(id) !== state.mine.get(id)?.label);

  const advance = () => {
    const next = nextOpenUnit(state, state.unit + 1);
    if (next === undefined) say(state, 'You have labelled every item of this batch. Thank you.', 'saved');
    else actions.goTo(next);
  };

  const actions: Controller = {
    choose: (item, label) => {
      state.drafts.set(item, label);
      const items = itemsOfUnit();
      const after = items.indexOf(item);
      const open = items.findIndex(
        (id, index) => index > after && !state.drafts.has(id) && !state.mine.has(id),
      );
      state.focus = open >= 0 ? open : Math.max(0, after);
      draw();
    },
    submit: async () => {
      if (state.saving.size > 0) return;
      for (const item of itemsOfUnit()) {
        const draft = state.drafts.get(item);
        const saved = state.mine.get(item);
        if (draft === undefined) continue;
        if (saved?.label === draft) state.drafts.delete(item);
        else if (saved !== undefined) await actions.change(item, draft);
        else if (!(await ledger.decide(item, draft))) return;
      }
      if (unitDone(state, state.unit)) advance();
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
    goTo: (unit, item) => {
      const count = state.batch.units.length;
      state.unit = ((unit % count) + count) % count;
      const items = itemsOfUnit();
      state.focus = Math.max(
        0,
        item === undefined ? items.findIndex((id) => !state.mine.has(id)) : items.indexOf(item),
      );
      draw();
    },
    change: async (item, label) => {
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
      const choices = unsaved();
      const last = recentDecisions(state)[0];
      if (choices.length > 0) {
        for (const id of choices) state.drafts.delete(id);
        say(state, 'discarded the unsaved choice(s)');
      } else if (last === undefined) say(state, 'nothing to undo');
      else if (await ledger.undo(last.item)) return actions.goTo(state.unitOf.get(last.item) ?? 0, last.item);
      draw();
    },
    moveFocus: (step) => {
      const count = Math.max(1, itemsOfUnit().length);
      state.focus = (((state.focus + step) % count) + count) % count;
      draw();
    },
    toggleProvenance: () => {
      state.showProvenance = !state.showProvenance;
      draw();
    },
    toggleKeys: () => {
      state.showKeys = !state.showKeys;
      draw();
    },
    notice: (text) => {
      say(state, text);
      draw();
    },
    refresh: (me) => {
      // The loop stepped (--auto-step): the next batch is served.
      if (me.iteration !== state.batch.iteration) return location.reload();
      state.progress = me.batch;
      if (me.agreement !== undefined) state.agreement = me.agreement;
      else if (!me.batch.complete) delete state.agreement;
      if (state.saving.size === 0)
        state.mine = new Map(me.decisions.map((decision) => [decision.item, decision]));
      draw();
    },
    key: (event) => handleKey(event),
  };
  const handleKey = keyHandler(state, actions);
  return actions;
}
