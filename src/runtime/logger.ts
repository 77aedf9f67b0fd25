import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** The levels --log-level (and the config file's logLevel) accept. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines instead of JSON; defaults to "stderr is a terminal". */
  pretty?: boolean;
  /** Where log lines go; defaults to stderr (stdout is for data and summaries). */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const usePretty = options.pretty ?? Boolean(process.stderr.isTTY);
  if (options.destination) return pino({ level }, options.destination);
  // one line per entry on a terminal: the fields after the message, not a block below it
  if (usePretty)
    return pino(
      { level },
      pretty({
        destination: 2,
        sync: true,
        colorize: true,
        singleLine: true,
        ignore: 'pid,hostname',
        translateTime: 'SYS:HH:MM:ss',
      }),
    );
  return pino({ level }, pino.destination({ fd: 2, sync: true }));
}
