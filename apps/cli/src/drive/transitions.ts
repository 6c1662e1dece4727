import { BorderlineError } from '@borderline/core';
import { type CurationEvent, type CurationState, nextEffect } from '@borderline/loop';
import type { Output } from '../render/output';
import { fixed } from '../render/table';
import type { RunSession } from '../session/run-session';

/**
 * How the batch was drawn, when not every item was chosen by the policy itself: ` (score-strata 100)` for
 * boundary pairs' first batch, ` (boundary-pairs 80, uncertainty 20)` for a filled one; '' otherwise.
 */
function chosenByText(event: Extract<CurationEvent, { type: 'selected' }>): string {
  const counts = Object.entries(event.chosenBy ?? {});
  if (counts.every(([policy]) => policy === event.policy)) return '';
  return ` (${counts.map(([policy, count]) => `${policy} ${count}`).join(', ')})`;
}

/** Reports the loop's events on the terminal. */
export function report(events: readonly CurationEvent[], output: Output): void {
  for (const event of events) reportOne(event, output);
}

function reportOne(event: CurationEvent, output: Output): void {
  switch (event.type) {
    case 'iteration-started':
      output.note(`iteration ${event.iteration}: model version ${event.modelVersion}`);
      return;
    case 'scored':
      output.note(`  pool scored: ${event.positives} of ${event.poolSize} predicted positive`);
      return;
    case 'selected':
      output.note(`  selected ${event.items} item(s) with ${event.policy}${chosenByText(event)}`);
      for (const warning of event.warnings) output.warn(`select: ${warning}`);
      return;
    case 'annotated':
      output.note(`  ${event.labelled} item(s) labelled, ${event.unavailable} unavailable`);
      return;
    case 'split':
      output.note(
        `  split: +${event.fineTuneAdded} fine-tune (${event.fineTune}), +${event.evaluationAdded} evaluation (${event.evaluation})`,
      );
      return;
    case 'adapted':
      output.note(`  adapted: model version ${event.modelVersion} on ${event.examples} example(s)`);
      return;
    case 'evaluated':
      output.note(
        `  iteration ${event.record.iteration}: model-expert kappa ${fixed(event.record.kappa.value)}, internal alignment ${fixed(event.record.internalAlignment.value)}`,
      );
      return;
    case 'stopped':
      output.note(`  stop: ${event.decision.reason ?? 'none'} (${event.decision.detail})`);
      return;
    case 'reconfigured':
      output.note(
        `  iteration cap ${event.stop.maxIterations}${event.stop.budget === undefined ? '' : `, budget ${event.stop.budget}`}${event.reopened ? ': the run goes on' : ''}`,
      );
      return;
    case 'warning':
      output.warn(event.message);
      return;
    case 'timing':
      return;
    default: {
      const unreachable: never = event;
      throw new BorderlineError({
        code: 'internal',
        message: `unknown event ${JSON.stringify(unreachable)}`,
      });
    }
  }
}

/** What the run needs next, in words, with the command that moves it on (the run's path as the user gave it). */
export function nextStepHint(state: CurationState, run: string): string {
  return hintFor(
    {
      next: nextEffect(state).type,
      modelVersion: state.modelVersion,
      iteration: state.iteration,
      stop: state.stop,
    },
    run,
  );
}

/** The hint of {@link nextStepHint} from the facts `status` reports. */
export function hintFor(
  facts: {
    readonly next: string;
    readonly modelVersion: number;
    readonly iteration: number;
    readonly stop: CurationState['stop'];
  },
  run: string,
): string {
  const state = facts;
  switch (facts.next) {
    case 'score':
      return state.modelVersion === 0
        ? `LLM-0 has not labelled the pool yet; next: borderline prelabel ${run}`
        : `the next batch is chosen after the pool is scored with the latest model; next: borderline select ${run}`;
    case 'select':
      return `the next batch has not been chosen; next: borderline select ${run}`;
    case 'annotate':
      return `iteration ${state.iteration} waits for the experts' labels; next: borderline import ${run} <labels-file>, then borderline step ${run}`;
    case 'evaluate':
    case 'adapt':
      return `the imported labels have not been used yet; next: borderline step ${run}`;
    case 'done':
    case 'stop':
      return `the run has stopped (${state.stop?.reason ?? 'done'}: ${state.stop?.detail ?? ''}); see borderline status ${run}, or go on with borderline run ${run} --max-iterations N`;
    default:
      return `see borderline status ${run}`;
  }
}

/** A `run-state` error saying, in words, what the run needs before `command`, and the command that moves it on. */
export function notNow(session: RunSession, command: string): BorderlineError {
  return new BorderlineError({
    code: 'run-state',
    message: `${command}: ${nextStepHint(session.state(), session.name)}`,
  });
}
