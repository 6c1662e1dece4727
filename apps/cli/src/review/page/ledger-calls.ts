import type { DecideOutcome } from '../review-backend';
import { ApiError, type MeResponse, type ReviewApi } from './api';
import type { PageState } from './state';

/** What the page says when a call fails; nothing shows as saved unless the server committed it. */
export function failureText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 503)
      return `not saved: ${error.message} (this page reloads when the next batch is ready)`;
    return error.status === 401
      ? `refused: ${error.message}; open the link the review command printed for you`
      : `not saved: ${error.message}`;
  }
  return 'not saved: the server cannot be reached (is borderline review still running?)';
}

/** Sets the status line. */
export function say(state: PageState, text: string, kind: PageState['status']['kind'] = 'info'): void {
  state.status = { text, kind };
}

/** The two calls that change the ledger, each updating the state from the server's answer. */
export interface LedgerCalls {
  /** Sends one decision; true once the server has committed it (or already had it). */
  decide(item: string, label: string): Promise<boolean>;
  /** Takes back the expert's label on `item`; true once the server has. */
  undo(item: string): Promise<boolean>;
}

/**
 * The page's ledger calls. Each decision is measured (`review:decision`, from the key press's handling to the
 * redrawn page) with the browser's performance API.
 */
export function ledgerCalls(
  state: PageState,
  api: ReviewApi,
  draw: () => void,
  refresh: (me: MeResponse) => void,
): LedgerCalls {
  return {
    decide: async (item, label) => {
      const start = performance.now();
      state.saving.add(item);
      draw();
      try {
        return recordDecision(state, api, refresh, item, label, await api.decide(item, label));
      } catch (error) {
        say(state, failureText(error), 'error');
        return false;
      } finally {
        state.saving.delete(item);
        draw();
        performance.measure('review:decision', { start, end: performance.now() });
      }
    },
    undo: (item) => undoDecision(state, api, item),
  };
}

/** The state after the server's answer to a decision: its label, or the conflicting one already there. */
function recordDecision(
  state: PageState,
  api: ReviewApi,
  refresh: (me: MeResponse) => void,
  item: string,
  label: string,
  outcome: DecideOutcome,
): boolean {
  state.progress = outcome.batch;
  if (outcome.status === 'conflict') {
    state.mine.set(item, outcome.existing);
    say(
      state,
      `${item} already has your label "${outcome.existing.label}" in the ledger; undo it (Backspace) or change it in the history`,
      'error',
    );
    return false;
  }
  state.mine.set(item, outcome.decision);
  state.drafts.delete(item);
  // The decision that completes the batch: fetch the agreement now rather than at the next poll.
  if (outcome.batch.complete && state.agreement === undefined) void api.me().then(refresh, () => undefined);
  say(state, `saved: ${item} → ${label} (ledger #${outcome.decision.seq})`, 'saved');
  return true;
}

/** Takes back the expert's label on `item`; true once the server has. */
async function undoDecision(state: PageState, api: ReviewApi, item: string): Promise<boolean> {
  try {
    const outcome = await api.undo(item);
    state.progress = outcome.batch;
    state.mine.delete(item);
    if (outcome.undone !== undefined) {
      say(state, `undone: ${item} (was "${outcome.undone.label}"); it is no longer in the ledger`, 'saved');
    }
    return true;
  } catch (error) {
    say(state, failureText(error).replace('not saved', 'not undone'), 'error');
    return false;
  }
}
