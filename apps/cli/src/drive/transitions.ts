import { BorderlineError } from '@borderline/core';
import { type CurationEvent, nextEffect } from '@borderline/loop';
import type { Output } from '../render/output';
import { fixed } from '../render/table';
import type { RunSession } from '../session/run-session';

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
      output.note(`  selected ${event.items} item(s) with ${event.policy}`);
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

/** A `run-state` error saying what the run waits for, with the command that moves it on. */
export function notNow(session: RunSession, command: string): BorderlineError {
  const state = session.state();
  const effect = nextEffect(state);
  const hint: Record<string, string> = {
    score:
      state.modelVersion === 0
        ? 'run "borderline prelabel" first'
        : 'run "borderline select" (it scores the pool with the current model first)',
    select: 'run "borderline select" to choose the next batch',
    annotate: `import the experts' labels for iteration ${state.iteration} ("borderline import"), then run "borderline step"`,
    evaluate: 'run "borderline step"',
    adapt: 'run "borderline step"',
    done: `the run has stopped (${state.stop?.reason ?? 'done'}: ${state.stop?.detail ?? ''})`,
  };
  return new BorderlineError({
    code: 'run-state',
    message: `${command}: the run is waiting for "${effect.type}" (iteration ${state.iteration}); ${hint[effect.type] ?? ''}`,
  });
}
