import './styles.css';
import { ApiError, type MeResponse, type ReviewApi, reviewApi } from './api';
import { controller } from './controller';
import { el, replace } from './dom';
import { failureText } from './ledger-calls';
import { initialState, nextOpenUnit } from './state';

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
  const page = controller(root, state, api);
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
