import type { CurationEvent } from '@borderline/loop';
import type { ReplayOutput } from './options';

/** Writes progress lines unless quiet. */
export type Progress = (line: string) => void;

/** A progress writer over the replay's output. */
export function createProgress(output: ReplayOutput, quiet: boolean): Progress {
  return quiet ? () => {} : (line) => output.write(`${line}\n`);
}

/** Formats a kappa as the paper does (.56), or n/a. */
export function kappaText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const text = value.toFixed(2);
  return text.replace(/^(-?)0\./, '$1.');
}

/** One line per measured iteration and one for the stop decision of a curation run. */
export function curationProgress(progress: Progress, prefix: string): (event: CurationEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'evaluated': {
        const { record } = event;
        const name = record.iteration === 0 ? 'LLM-0' : `iteration ${record.iteration}`;
        progress(
          `${prefix} ${name}: kappa ${kappaText(record.kappa.value)} on ${record.evalExamples} eval items, ` +
            `${record.fineTuneExamples} fine-tune, expert alignment ${kappaText(record.internalAlignment.value)}`,
        );
        break;
      }
      case 'stopped':
        progress(`${prefix} stopped: ${event.decision.reason} (${event.decision.detail})`);
        break;
      case 'selected':
        for (const warning of event.warnings) progress(`${prefix} selection warning: ${warning}`);
        break;
      case 'warning':
        progress(`${prefix} warning: ${event.message}`);
        break;
      default:
        break;
    }
  };
}
