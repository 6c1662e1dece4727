import type { BatchAgreement, ReviewItem } from '../review-backend';
import { el, replace } from './dom';
import { type PageState, recentDecisions } from './state';

/** What the page's controls do (wired by main.ts). */
export interface PageActions {
  choose(item: string, label: string): void;
  submit(): void;
  goTo(unit: number, item?: string): void;
  change(item: string, label: string): void;
  toggleProvenance(): void;
  toggleKeys(): void;
}

const KEYS: readonly (readonly [string, string])[] = [
  ['1, 2, …', 'choose a label for the highlighted item'],
  ['Enter', 'submit the unit (each label is saved to the ledger before it shows as saved)'],
  ['Backspace / Ctrl+Z', 'discard unsaved choices; else undo your last saved decision'],
  ['← / →', 'previous / next pair (or item)'],
  ['↑ / ↓', 'move between the two items of a pair'],
  ['p', 'show or hide why each item was chosen (hidden so it does not nudge you)'],
  ['?', 'show or hide these keys'],
];

function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
}

function header(state: PageState, actions: PageActions): HTMLElement {
  const { batch, progress } = state;
  return el('header', { className: 'top' }, [
    el('div', { className: 'task' }, [
      el('span', { className: 'eyebrow', text: `iteration ${batch.iteration} · labelling as` }),
      el('strong', { className: 'expert', text: state.expert, attrs: { id: 'expert' } }),
      el('h1', { text: 'borderline review' }),
    ]),
    el('div', { className: 'progress' }, [
      el('div', {
        text: `${state.mine.size} / ${batch.items.length} labelled by you`,
        attrs: { id: 'my-progress' },
      }),
      el('div', {
        className: 'muted',
        text: `batch: ${progress.itemsDone} / ${progress.items} items have ${progress.expertsPerItem} expert${progress.expertsPerItem === 1 ? '' : 's'}`,
        attrs: { id: 'batch-progress' },
      }),
      el('progress', { attrs: { max: String(batch.items.length), value: String(state.mine.size) } }),
      el('div', { className: 'buttons' }, [
        el('button', {
          text: state.showProvenance ? 'hide provenance (p)' : 'show provenance (p)',
          attrs: { id: 'toggle-provenance', type: 'button' },
          onClick: () => actions.toggleProvenance(),
        }),
        el('button', { text: 'keys (?)', attrs: { type: 'button' }, onClick: () => actions.toggleKeys() }),
      ]),
    ]),
  ]);
}

function guidelines(state: PageState): HTMLElement {
  const paragraphs = state.batch.guidelines;
  return el('section', { className: 'guidelines', attrs: { id: 'guidelines' } }, [
    el('h2', { text: 'Question' }),
    el('p', { className: 'question', text: state.batch.task || 'Label each item.', attrs: { id: 'task' } }),
    el('h2', { text: 'Guidelines' }),
    el('p', {
      className: 'labels-line',
      text: `Labels: ${state.batch.labels.join(' · ')} (positive: ${state.batch.positive})`,
    }),
    ...(paragraphs.length === 0
      ? [el('p', { className: 'muted', text: 'The dataset gives no guidelines beyond the question.' })]
      : paragraphs.map((text) => el('p', { text }))),
  ]);
}

function provenance(item: ReviewItem): HTMLElement {
  const { rank, reason, score } = item.provenance;
  return el('dl', { className: 'provenance' }, [
    el('dt', { text: 'rank' }),
    el('dd', { text: String(rank + 1) }),
    el('dt', { text: 'model P(positive)' }),
    el('dd', { text: fixed(score, 3) }),
    el('dt', { text: 'why chosen' }),
    el('dd', { text: reason ?? '—' }),
  ]);
}

/** Where an item stands for the expert: on its way to the ledger, chosen but not submitted, saved, or open. */
type CardStatus = 'saving' | 'draft' | 'saved' | 'open';

function cardStatus(state: PageState, id: string): CardStatus {
  const saved = state.mine.get(id);
  const draft = state.drafts.get(id);
  if (state.saving.has(id)) return 'saving';
  if (draft !== undefined && draft !== saved?.label) return 'draft';
  return saved ? 'saved' : 'open';
}

function badgeText(status: CardStatus, seq: number | undefined): string {
  switch (status) {
    case 'saved':
      return `saved · ledger #${seq}`;
    case 'saving':
      return 'saving…';
    case 'draft':
      return 'not saved: Enter';
    case 'open':
      return 'to label';
  }
}

/** The item's context fields (e.g. the ad's advertiser), when it has any. */
function contextList(item: ReviewItem | undefined): HTMLElement | false {
  return (
    (item?.context.length ?? 0) > 0 &&
    el(
      'dl',
      { className: 'context' },
      (item?.context ?? []).flatMap((field) => [
        el('dt', { text: field.name }),
        el('dd', { text: field.value }),
      ]),
    )
  );
}

/** One button per label, numbered as its key; the chosen one (draft, else saved) marked. */
function choiceButtons(state: PageState, actions: PageActions, id: string): HTMLElement {
  const chosen = state.drafts.get(id) ?? state.mine.get(id)?.label;
  return el(
    'div',
    { className: 'choices' },
    state.batch.labels.map((label, index) =>
      el('button', {
        className: `choice${chosen === label ? ' chosen' : ''}`,
        text: `${index + 1}  ${label}`,
        attrs: { type: 'button', 'data-label': label },
        onClick: () => actions.choose(id, label),
      }),
    ),
  );
}

function card(state: PageState, actions: PageActions, id: string, position: number): HTMLElement {
  const item = state.itemsById.get(id);
  const status = cardStatus(state, id);
  const focused = state.focus === position;
  return el(
    'article',
    {
      className: `card${focused ? ' focused' : ''} ${status}`,
      attrs: { 'data-item-id': id, 'data-status': status, 'aria-current': focused ? 'true' : 'false' },
    },
    [
      el('div', { className: 'card-head' }, [
        el('span', { className: 'item-id', text: id }),
        el('span', { className: `badge ${status}`, text: badgeText(status, state.mine.get(id)?.seq) }),
      ]),
      el('p', { className: 'item-text', text: item?.text ?? '' }),
      contextList(item),
      state.showProvenance && item !== undefined && provenance(item),
      choiceButtons(state, actions, id),
    ],
  );
}

function unitView(state: PageState, actions: PageActions): HTMLElement {
  const unit = state.batch.units[state.unit];
  const items = unit?.items ?? [];
  return el('section', { className: 'unit', attrs: { id: 'unit', 'data-unit-index': String(state.unit) } }, [
    el('div', { className: 'unit-head' }, [
      el('span', {
        text: `${state.unit + 1} of ${state.batch.units.length} · ${unit?.kind === 'pair' ? 'boundary pair' : 'one item'}`,
      }),
      el('span', { className: 'muted', text: unit?.kind === 'pair' ? 'label each side on its own' : '' }),
    ]),
    el(
      'div',
      { className: `cards ${unit?.kind ?? 'single'}` },
      items.map((id, position) => card(state, actions, id, position)),
    ),
    el('div', { className: 'unit-foot' }, [
      el('button', {
        text: '← previous',
        attrs: { type: 'button' },
        onClick: () => actions.goTo(state.unit - 1),
      }),
      el('button', {
        className: 'primary',
        text: 'submit (Enter)',
        attrs: { type: 'button' },
        onClick: () => actions.submit(),
      }),
      el('button', {
        text: 'next →',
        attrs: { type: 'button' },
        onClick: () => actions.goTo(state.unit + 1),
      }),
    ]),
  ]);
}

function history(state: PageState, actions: PageActions): HTMLElement {
  const recent = recentDecisions(state).slice(0, 12);
  return el('aside', { className: 'history', attrs: { id: 'history' } }, [
    el('h2', { text: 'Your recent decisions' }),
    recent.length === 0
      ? el('p', { className: 'muted', text: 'None yet.' })
      : el(
          'ol',
          {},
          recent.map((decision) =>
            el('li', { attrs: { 'data-item-id': decision.item } }, [
              el('button', {
                className: 'link',
                text: `${decision.item}: ${state.itemsById.get(decision.item)?.text.slice(0, 60) ?? ''}`,
                attrs: { type: 'button', title: 'show this item' },
                onClick: () => actions.goTo(state.unitOf.get(decision.item) ?? 0, decision.item),
              }),
              el(
                'span',
                { className: 'history-labels' },
                state.batch.labels.map((label) =>
                  el('button', {
                    className: `mini${label === decision.label ? ' chosen' : ''}`,
                    text: label,
                    attrs: {
                      type: 'button',
                      title: label === decision.label ? 'saved' : `change to ${label}`,
                    },
                    onClick: () => {
                      if (label !== decision.label) actions.change(decision.item, label);
                    },
                  }),
                ),
              ),
            ]),
          ),
        ),
  ]);
}

function agreementView(agreement: BatchAgreement | undefined): HTMLElement {
  const rows = agreement?.pairs ?? [];
  return el('section', { className: 'agreement', attrs: { id: 'agreement' } }, [
    el('h2', { text: 'Batch complete: agreement among the experts on this batch' }),
    rows.length === 0
      ? el('p', { text: 'Only one expert labelled this batch: there is no pair to compare.' })
      : el('table', {}, [
          el('thead', {}, [
            el(
              'tr',
              {},
              ['expert', 'expert', 'n', "Cohen's kappa"].map((text) => el('th', { text })),
            ),
          ]),
          el(
            'tbody',
            {},
            rows.map((pair) =>
              el(
                'tr',
                {},
                [pair.a, pair.b, String(pair.n), fixed(pair.kappa)].map((text) => el('td', { text })),
              ),
            ),
          ),
        ]),
    el('p', {
      text: `mean pairwise kappa ${fixed(agreement?.meanPairwiseKappa)} over ${agreement?.definedPairs ?? 0} pair(s). Next: borderline step <run-dir>.`,
      attrs: { id: 'mean-kappa' },
    }),
  ]);
}

function keysOverlay(actions: PageActions): HTMLElement {
  return el('div', { className: 'overlay', attrs: { id: 'keys', role: 'dialog', 'aria-label': 'keys' } }, [
    el('div', { className: 'overlay-box' }, [
      el('h2', { text: 'Keys' }),
      el('table', {}, [
        el(
          'tbody',
          {},
          KEYS.map(([key, what]) => el('tr', {}, [el('th', { text: key }), el('td', { text: what })])),
        ),
      ]),
      el('button', { text: 'close (Esc)', attrs: { type: 'button' }, onClick: () => actions.toggleKeys() }),
    ]),
  ]);
}

/** Renders the whole page into `root` from the state (a few dozen nodes: the current unit, not the batch). */
export function render(root: HTMLElement, state: PageState, actions: PageActions): void {
  replace(root, [
    header(state, actions),
    el('div', { className: 'layout' }, [
      guidelines(state),
      el('div', { className: 'main' }, [
        state.progress.complete && agreementView(state.agreement),
        unitView(state, actions),
        el('p', {
          className: `status ${state.status.kind}`,
          text: state.status.text,
          attrs: { id: 'status', role: 'status', 'aria-live': 'polite' },
        }),
      ]),
      history(state, actions),
    ]),
    state.showKeys && keysOverlay(actions),
  ]);
}
