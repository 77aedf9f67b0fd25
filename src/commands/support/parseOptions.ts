import type { z } from 'zod';
import { usageError } from '../../runtime/errors.js';

/** An option as the user typed it: --min-cell, not minCell. */
const flag = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const valueAt = (data: unknown, pathKeys: readonly PropertyKey[]): unknown =>
  pathKeys.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    data,
  );

/**
 * What is wrong with an option value, in our words (zod's own English, "Invalid
 * input: expected number, received NaN", never reaches the user). Messages a
 * schema gives itself (a regex's "a 2-letter province code such as MI") win.
 */
function describeIssue(issue: z.core.$ZodRawIssue, raw: unknown): string {
  const got = raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`;
  switch (issue.code) {
    case 'invalid_type':
      if (raw === undefined) return 'is required';
      if (issue.expected === 'number' || issue.expected === 'int') return `expected a whole number${got}`;
      return `expected ${issue.expected === 'string' ? 'text' : issue.expected}${got}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `needs at least ${issue.minimum}`;
      return `must be at least ${issue.minimum}${got}`;
    case 'too_big':
      return `must be at most ${issue.maximum}${got}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}${got}`;
    default:
      return `is not valid${got}`;
  }
}

/** Validates a command's options at the boundary; a failure is a usage error (exit 2) naming each problem. */
export function parseOptions<S extends z.ZodType>(command: string, schema: S, options: unknown): z.output<S> {
  const parsed = schema.safeParse(options, {
    error: (issue) => describeIssue(issue, valueAt(options, issue.path ?? [])),
  });
  if (!parsed.success) {
    // "--min-cell must be at least 1 (got 0)"; a schema's own message after a colon
    const joined = (m: string) => (/^(is|must|needs|expected) /.test(m) ? ` ${m}` : `: ${m}`);
    const problems = parsed.error.issues.map((i) =>
      i.path.length ? `${i.path.map(flag).join('.')}${joined(i.message)}` : i.message,
    );
    throw usageError(`${command}: ${problems.join('; ')}`);
  }
  return parsed.data;
}
