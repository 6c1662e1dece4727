import type { Failure } from '../exit-codes';
import type { CliIo } from '../io';
import { colorsFor } from './colors';

/** Where the failure happened, for the pointer to help. */
export interface FailureContext {
  /** `--json` was given: the error goes to stdout as one JSON object. */
  readonly json: boolean;
  /** The subcommand that ran (or was being parsed), when one was named. */
  readonly command: string | undefined;
  /** A usage mistake (bad option or argument), answered with a pointer to the command's --help. */
  readonly usage: boolean;
}

/** The `--help` to point at: the subcommand's when there is one. */
export function helpCommand(command: string | undefined): string {
  return command === undefined ? 'borderline --help' : `borderline ${command} --help`;
}

/**
 * The CLI's one error renderer. Text on stderr (`error: ...`, then `Run "borderline X --help" for usage.` after a
 * usage mistake); with --json, `{"error": {"code", "message", "issues", "help"?}}` on stdout and nothing else.
 */
export function renderFailure(io: CliIo, failure: Failure, context: FailureContext): void {
  const help = context.usage ? helpCommand(context.command) : undefined;
  if (context.json) {
    const error = {
      code: failure.errorCode,
      message: failure.message,
      issues: failure.issues,
      ...(help === undefined ? {} : { help }),
    };
    io.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
    return;
  }
  const colors = colorsFor(io.stderr.isTTY, io.env);
  const lines = [`${colors.red('error:')} ${failure.message}`];
  if (help !== undefined) lines.push(`Run "${help}" for usage.`);
  io.stderr.write(`${lines.join('\n')}\n`);
}
