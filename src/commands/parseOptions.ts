import { z } from 'zod';
import { usageError } from '../errors.js';

/** A date option written YYYY-MM-DD that is a real day (2025-02-31 is refused). */
export const isoDateOption = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');

/** Validates a command's options at the boundary; a failure is a usage error (exit 2) naming each problem. */
export function parseOptions<S extends z.ZodType>(command: string, schema: S, options: unknown): z.output<S> {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    // named as the user typed them: --min-cell, not minCell
    const flag = (key: PropertyKey) => String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const problems = parsed.error.issues.map((i) => (i.path.length ? `--${i.path.map(flag).join('.')}: ${i.message}` : i.message));
    throw usageError(`${command}: ${problems.join('; ')}`);
  }
  return parsed.data;
}
