import { z } from 'zod';
import { memoryLimit } from '../db/memoryLimit.js';
import { logLevels } from '../runtime/logger.js';

const pathValue = z.string({ error: 'expected a path (a JSON string)' }).min(1, 'expected a path, not an empty string');
const wholeNumber = (min: number, max: number, why = '') => {
  const expected = `expected a whole number from ${min} to ${max} (a JSON number, not a string)${why}`;
  return z.number({ error: expected }).int(expected).min(min, expected).max(max, expected);
};

/**
 * co-pipeline.config.json: the options an operator gives every month, all
 * optional, camelCase as the options' names. Unknown keys are refused (a typo
 * would otherwise be ignored without a word). The ranges are the commands' own,
 * except minCell: 1 (suppression off, internal use only) is for one command line,
 * not for a file that every later run would use.
 */
export const ConfigFile = z
  .object({
    db: pathValue,
    keyFile: pathValue,
    referenceDir: pathValue,
    memoryLimit: z
      .string({ error: 'expected a size with its unit as a JSON string, e.g. "4GB" or "512MB"' })
      .pipe(memoryLimit),
    logLevel: z.enum(logLevels, { error: `expected one of ${logLevels.map((l) => `"${l}"`).join(', ')}` }),
    inbox: pathValue,
    out: pathValue,
    minCell: wholeNumber(2, 1000, '; 1, suppression off, only on the command line'),
    lookbackMonths: wholeNumber(1, 120),
    waitSeconds: wholeNumber(0, 86_400),
    author: z
      .string({
        error: 'expected the author line as a JSON string, e.g. "Osservatorio regionale del mercato del lavoro"',
      })
      .trim()
      .min(1, 'expected the author line, not an empty string')
      .max(200, 'at most 200 characters: the line under the title'),
  })
  .partial()
  .strict();
export type ConfigFile = z.output<typeof ConfigFile>;

/** The keys whose values are paths: read relative to the config file's folder. */
export const configPathKeys = [
  'db',
  'keyFile',
  'referenceDir',
  'inbox',
  'out',
] as const satisfies readonly (keyof ConfigFile)[];
