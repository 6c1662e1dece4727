import './styles.css';
import { ApiError, type MeResponse, type ReviewApi, reviewApi } from './api';
import { el, replace } from './dom';
import { type PageActions, render } from './render';
import { focusedItem, initialState, nextOpenUnit, type PageState, recentDecisions, unitDone } from './state';

// The experts' page: one unit (a boundary pair side by side, or one item) at a time, keyboard first. A label
// shows as saved only once the server has committed it to the run's ledger.

const root = document.getElementById('app') as HTMLElement;
const POLL_MS = 4000;

/** The expert's name (from `?expert=`) and token (from `#token=`, kept for the tab, then taken off the URL). */
function identity(): { expert: string | undefined; token: string | undefined } {
  const expert = new URLSearchParams(location.search).get('expert')?.trim() || undefined;
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token') ?? undefined;
  if (expert === undefined) return { expert, token: undefined };
  const key = `borderline-token:${expert}`;
  if (fromHash !== undefined) {
    sessionStorage.setItem(key, fromHash);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  return { expert, token: sessionStorage.getItem(key) ?? undefined };
}

function askName(): void {
  const input = el('input', {
    attrs: {
      id: 'expert-name',
      autocomplete: 'username',
      placeholder: 'your name',
      pattern: '[A-Za-z0-9][A-Za-z0-9._-]*',
    },
  });
  const form = el('form', { className: 'name-form' }, [
    el('h1', { text: 'borderline review' }),
    el('p', { text: 'Label under your own name: your labels go to the run’s ledger as yours.' }),
    input,
    el('button', { text: 'start', attrs: { type: 'submit' } }),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (name !== '') location.search = `?expert=${encodeURIComponent(name)}`;
  });
  replace(root, [form]);
  input.focus();
}

function failureText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 503)
      return `not saved: ${error.message} (this page reloads when the next batch is ready)`;
    return error.status === 401
      ? `refused: ${error.message}; open the link the review command printed for you`
      : `not saved: ${error.message}`;
  }
  return 'not saved: the server cannot be reached (is borderline review still running?)';
}

function controller(
  state: PageState,
  api: ReviewApi,
): PageActions & {
  refresh(me: MeResponse): void;
  notice(text: string): void;
  key(event: KeyboardEvent): void;
} {
  const draw = () => render(root, state, actions);
  const say = (text: string, kind: PageState['status']['kind'] = 'info') => {
    state.status = { text, kind };
  };
  const itemsOfUnit = () => state.batch.units[state.unit]?.items ?? [];
  const refresh = (me: MeResponse) => actions.refresh(me);

  const decideOne = async (item: string, label: string): Promise<boolean> => {
    const start = performance.now();
    state.saving.add(item);
    draw();
    try {
      const outcome = await api.decide(item, label);
      state.progress = outcome.batch;
      if (outcome.status === 'conflict') {
        say(
          `${item} already has your label "${outcome.existing.label}" in the ledger; undo it (Backspace) or change it in the history`,
          'error',
        );
        state.mine.set(item, outcome.existing);
        return false;
      }
      state.mine.set(item, outcome.decision);
      state.drafts.delete(item);
      // The decision that completes the batch: fetch the agreement now rather than at the next poll.
      if (outcome.batch.complete && state.agreement === undefined)
        void api.me().then(refresh, () => undefined);
      say(`saved: ${item} → ${label} (ledger #${outcome.decision.seq})`, 'saved');
      return true;
    } catch (error) {
      say(failureText(error), 'error');
      return false;
    } finally {
      state.saving.delete(item);
      draw();
      performance.measure('review:decision', { start, end: performance.now() });
    }
  };

  const undoOne = async (item: string): Promise<boolean> => {
    try {
      const outcome = await api.undo(item);
      state.progress = outcome.batch;
      state.mine.delete(item);
      if (outcome.undone === undefined) return true;
      say(`undone: ${item} (was "${outcome.undone.label}"); it is no longer in the ledger`, 'saved');
      return true;
    } catch (error) {
      say(failureText(error).replace('not saved', 'not undone'), 'error');
      return false;
    }
  };

  const advance = () => {
    const next = nextOpenUnit(state, state.unit + 1);
    if (next === undefined) {
      say('You have labelled every item of this batch. Thank you.', 'saved');
      return;
    }
    actions.goTo(next);
  };

  const actions = {
    choose: (item: string, label: string) => {
      state.drafts.set(item, label);
      const items = itemsOfUnit();
      const open = items.findIndex(
        (id, index) => index > items.indexOf(item) && !state.drafts.has(id) && !state.mine.has(id),
      );
      state.focus = open >= 0 ? open : Math.max(0, items.indexOf(item));
      draw();
    },
    submit: async () => {
      if (state.saving.size > 0) return;
      const items = itemsOfUnit();
      for (const item of items) {
        const draft = state.drafts.get(item);
        const saved = state.mine.get(item);
        if (draft === undefined) continue;
        if (saved?.label === draft) state.drafts.delete(item);
        else if (saved !== undefined) await actions.change(item, draft);
        else if (!(await decideOne(item, draft))) return;
      }
      if (unitDone(state, state.unit)) advance();
      else {
        state.focus = Math.max(
          0,
          items.findIndex((id) => !state.mine.has(id)),
        );
        if (state.status.kind !== 'error') say('Choose a label for every item of the pair, then Enter.');
      }
      draw();
    },
    goTo: (unit: number, item?: string) => {
      const count = state.batch.units.length;
      state.unit = ((unit % count) + count) % count;
      const items = itemsOfUnit();
      const wanted = item === undefined ? items.findIndex((id) => !state.mine.has(id)) : items.indexOf(item);
      state.focus = Math.max(0, wanted);
      draw();
    },
    change: async (item: string, label: string) => {
      const before = state.mine.get(item)?.label;
      if (!(await undoOne(item))) return draw();
      state.drafts.set(item, label);
      if (await decideOne(item, label))
        say(
          `changed: ${item} from "${before}" to "${label}" (ledger #${state.mine.get(item)?.seq})`,
          'saved',
        );
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
    undoLast: async () => {
      const items = itemsOfUnit();
      const unsaved = items.filter(
        (id) => state.drafts.has(id) && state.drafts.get(id) !== state.mine.get(id)?.label,
      );
      if (unsaved.length > 0) {
        for (const id of unsaved) state.drafts.delete(id);
        say('discarded the unsaved choice(s)');
        return draw();
      }
      const last = recentDecisions(state)[0];
      if (last === undefined) {
        say('nothing to undo');
        return draw();
      }
      if (await undoOne(last.item)) actions.goTo(state.unitOf.get(last.item) ?? 0, last.item);
      draw();
    },
    notice: (text: string) => {
      say(text);
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
    key: (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.tagName === 'INPUT' || target?.tagName === 'TEXTAREA') return;
      const labels = state.batch.labels;
      const digit = Number.parseInt(event.key, 10);
      if (event.key === '?') actions.toggleKeys();
      else if (event.key === 'Escape' && state.showKeys) actions.toggleKeys();
      else if (!event.ctrlKey && !event.metaKey && !event.altKey && digit >= 1 && digit <= labels.length) {
        const item = focusedItem(state);
        if (item !== undefined) actions.choose(item, labels[digit - 1] ?? '');
      } else if (event.key === 'Enter') {
        if (target?.tagName === 'BUTTON') return;
        void actions.submit();
      } else if (
        event.key === 'Backspace' ||
        ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z')
      ) {
        void actions.undoLast();
      } else if (event.key === 'ArrowRight') actions.goTo(state.unit + 1);
      else if (event.key === 'ArrowLeft') actions.goTo(state.unit - 1);
      else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const count = itemsOfUnit().length;
        state.focus = (state.focus + (event.key === 'ArrowDown' ? 1 : count - 1)) % Math.max(1, count);
        draw();
      } else if (event.key === 'p') actions.toggleProvenance();
      else return;
      event.preventDefault();
    },
  };
  return actions;
}

async function start(): Promise<void> {
  const { expert, token } = identity();
  if (expert === undefined) return askName();
  const api = reviewApi(expert, token);
  let batch: Awaited<ReturnType<ReviewApi['batch']>>;
  let me: MeResponse;
  try {
    [batch, me] = await Promise.all([api.batch(), api.me()]);
  } catch (error) {
    replace(root, [
      el('p', {
        className: 'status error',
        text: failureText(error).replace('not saved: ', ''),
        attrs: { id: 'status' },
      }),
    ]);
    return;
  }
  const state = initialState(expert, batch, me.batch);
  const page = controller(state, api);
  page.refresh(me);
  page.goTo(nextOpenUnit(state, 0) ?? 0);
  performance.mark('review:ready');
  document.body.dataset.ready = 'true';
  window.addEventListener('keydown', page.key);
  setInterval(() => {
    api.me().then(page.refresh, (error) => {
      if (error instanceof ApiError && error.status === 503) {
        page.notice('The batch is complete; the loop is stepping to the next one…');
      }
    });
  }, POLL_MS);
}

void start();
