import type { z } from 'zod';
import { usageError } from '../errors.js';

/** Validates a command's options at the boundary; a failure is a usage error (exit 2) naming each problem. */
export function parseOptions<S extends z.ZodType>(command: string, schema: S, options: unknown): z.output<S> {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length ? `--${i.path.join('.')}: ${i.message}` : i.message));
    throw usageError(`${command}: ${problems.join('; ')}`);
  }
  return parsed.data;
}
