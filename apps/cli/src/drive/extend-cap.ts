import { extendRun } from '@borderline/loop';
import type { Output } from '../render/output';
import type { RunSession } from '../session/run-session';
import { report } from './transitions';

/**
 * Applies --max-iterations through the loop's `extendRun` (recorded in the loop state, so status and resumes
 * agree): a run under way keeps going under the new cap; a run stopped at its cap goes on to the new one.
 */
export async function extendCap(
  session: RunSession,
  maxIterations: number | undefined,
  output: Output,
): Promise<void> {
  const state = session.state();
  if (maxIterations === undefined || state.config.stop.maxIterations === maxIterations) return;
  const transition = extendRun(state, { maxIterations });
  session.setState(transition.state);
  await session.store.transaction(() => session.saveState());
  report(transition.events, output);
}
