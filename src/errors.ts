/**
 * An error the user can act on: printed as its message, without a stack trace,
 * and mapped to an exit code (1 data or runtime failure, 2 usage error).
 * Anything that is not a UserError is a bug and shows its stack with --debug.
 */
export class UserError extends Error {
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new UserError(message, 2);
