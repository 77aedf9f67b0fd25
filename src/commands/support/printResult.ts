import type { Deps } from './context.js';

/**
 * A command's last output: with --json one JSON object, `{"ok", "command",
 * "exit_code", ...data}` (schemas in docs/cli.md), else the human summary. Printed
 * after every log line, so on a terminal the summary is what the user sees last.
 */
export function printResult(deps: Deps, command: string, exitCode: number, data: object, human: () => string): number {
  if (deps.json)
    deps.stdout.write(`${JSON.stringify({ ok: exitCode === 0, command, exit_code: exitCode, ...data })}\n`);
  else deps.stdout.write(human());
  return exitCode;
}

/** The JSON line of a command that failed with an error (the message is also on stderr). */
export function errorJson(command: string, exitCode: number, message: string): string {
  return `${JSON.stringify({ ok: false, command, exit_code: exitCode, error: message })}\n`;
}
