import path from 'node:path';
import { z } from 'zod';
import { generateCo } from '../generate/generateCo.js';
import { optionDefaults } from './support/options.js';
import { parseOptions } from './support/parseOptions.js';
import { printResult } from './support/printResult.js';
import type { Deps } from './support/context.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');

/** --identifiers: raw codici fiscali, or the ids an upstream system puts in their place. */
export const identifierKinds = ['cf', 'id'] as const;

export const GenerateOptions = z
  .object({
    workers: z.coerce.number().int().positive().max(50_000_000),
    from: month,
    to: month,
    seed: z.string().min(1).default(optionDefaults.seed),
    out: z.string().min(1),
    identifiers: z.enum(identifierKinds).default(optionDefaults.identifiers),
  })
  .refine((o) => o.from <= o.to, { message: '--from must not be after --to' });
export type GenerateOptions = z.input<typeof GenerateOptions>;

/** `generate`: synthetic monthly CO extracts for Lombardy, deterministic for a seed. */
export async function run(options: GenerateOptions, deps: Deps): Promise<number> {
  const parsed = parseOptions('generate', GenerateOptions, options);
  const started = Date.now();
  const result = generateCo({
    ...parsed,
    onProgress: (done) => deps.logger.debug({ workers_done: done }, 'generating'),
  });
  const seconds = (Date.now() - started) / 1000;
  deps.logger.info(
    { out: parsed.out, files: result.files.length, rows: result.rows, seconds },
    'CO extracts generated',
  );
  return printResult(
    deps,
    'generate',
    0,
    { out: parsed.out, rows: result.rows, files: result.files, context_files: result.contextFiles, seconds },
    () =>
      `${result.rows} communications in ${result.files.length} monthly extracts written to ${parsed.out}\n` +
      `INPS and ISTAT extracts consistent with them: ${result.contextFiles.map((f) => path.basename(f)).join(', ')}\n`,
  );
}
