import { z } from 'zod';

const expected = 'expected a size above 0 with its unit, e.g. 4GB or 512MB (KB, MB, GB, TB, or KiB, MiB, GiB, TiB)';

/**
 * A DuckDB memory_limit as a person writes it: a number above 0 and a unit, e.g.
 * 4GB, 512MB, 1.5GiB (KB/MB/GB/TB are powers of 1000, KiB/MiB/GiB/TiB of 1024, as
 * in DuckDB). Checked here, so a typo is a usage error naming where it came from
 * instead of DuckDB's own message when the database opens.
 */
export const memoryLimit = z
  .string()
  .regex(/^\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i, expected)
  .refine((s) => Number.parseFloat(s) > 0, expected);
