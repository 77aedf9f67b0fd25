/**
 * An error the user can act on: printed as its message, without a stack trace,
 * and mapped to an exit code (1 data or runtime failure, 2 usage error).
 * Anything that is not a UserError is a bug and shows its stack with --debug.
 * The cause, when given, is the error it explains (its stack shown with --debug;
 * a system error as cause is described by describeSystemError).
 */
export class UserError extends Error {
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2 = 1, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new UserError(message, 2);
