import type { PageActions } from './render';
import { focusedItem, type PageState } from './state';

/** What the keys do besides the page's buttons. */
export interface KeyActions extends PageActions {
  undoLast(): Promise<void>;
  /** Moves the focus within the unit by `step` (wrapping). */
  moveFocus(step: number): void;
}

/**
 * The keyboard: number keys choose, Enter submits, Backspace / Ctrl+Z undo, arrows move, `p` provenance, `?`
 * keys. Keys typed into a field are left alone; Enter on a focused button is that button's.
 */
export function keyHandler(state: PageState, actions: KeyActions): (event: KeyboardEvent) => void {
  return (event) => {
    const target = event.target as HTMLElement | null;
    if (target?.tagName === 'INPUT' || target?.tagName === 'TEXTAREA') return;
    const labels = state.batch.labels;
    const digit = Number.parseInt(event.key, 10);
    const modified = event.ctrlKey || event.metaKey || event.altKey;
    if (event.key === '?') actions.toggleKeys();
    else if (event.key === 'Escape' && state.showKeys) actions.toggleKeys();
    else if (!modified && digit >= 1 && digit <= labels.length) {
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
    else if (event.key === 'ArrowDown') actions.moveFocus(1);
    else if (event.key === 'ArrowUp') actions.moveFocus(-1);
    else if (event.key === 'p' && !modified) actions.toggleProvenance();
    else return;
    event.preventDefault();
  };
}
