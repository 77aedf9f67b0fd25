import { z } from 'zod';
import { ingestCommandKinds } from '../ingest/fileKinds.js';
import { ingestFiles, type FileResult } from '../ingest/ingestFiles.js';
import { PseudonymCache } from '../ingest/pseudonymCache.js';
import { loadBirthPlaces } from '../ingest/workerCode.js';
import { loadPseudonymKey } from '../ingest/pseudonymKey.js';
import { terminalProgress } from '../runtime/progress.js';
import { encodings } from './support/options.js';
import { parseOptions } from './support/parseOptions.js';
import { printResult } from './support/printResult.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';

export const IngestOptions = z.object({
  kind: z.enum(ingestCommandKinds),
  files: z.array(z.string().min(1)).min(1, 'name at least one file'),
  strict: z.boolean().default(false),
  encoding: z.enum(encodings).optional(),
});
export type IngestOptions = z.input<typeof IngestOptions> & GlobalOptions;

/**
 * `ingest co|inps|istat|excelsior FILE...`: each file in its own transaction; a failed file does not stop the
 * others. `ingest inps` reads a file of cassa integrazione hours as its own kind (inps-cig), from its header.
 */
export async function run(options: IngestOptions, deps: Deps): Promise<number> {
  const { kind, files, strict, encoding } = parseOptions(`ingest ${options.kind}`, IngestOptions, options);
  const key = kind === 'co' ? loadPseudonymKey(options.keyFile, deps.env) : undefined;
  // Workers' codes are checked against the birth places of the reference tables, a user's included.
  const pseudonyms = key ? new PseudonymCache(key, undefined, loadBirthPlaces(options.referenceDir)) : undefined;
  const { results, exitCode } = await withDb(deps, options, {}, (db) =>
    ingestFiles(db, files, {
      kind,
      strict,
      encoding,
      logger: deps.logger,
      pseudonyms,
      now: deps.now,
      progress: deps.interactive && !deps.json ? (label, total) => terminalProgress(label, total) : undefined,
    }),
  );
  const failed = results.filter((r) => r.status === 'failed');
  const error = failed.length ? { error: failed.map((r) => r.error).join('; ') } : {};
  return printResult(deps, `ingest ${kind}`, exitCode, { ...error, files: results }, () => formatSummary(results));
}

function formatSummary(results: FileResult[]): string {
  const lines = results.map((r) =>
    r.status === 'failed'
      ? `FAILED: ${r.error}`
      : r.status === 'skipped'
        ? `${r.file}: skipped, already loaded as batch ${r.batch_id}`
        : `${r.file}: loaded as batch ${r.batch_id}: ${r.rows_read} rows read, ${r.rows_loaded} loaded, ` +
          `${r.rows_rejected} rejected, ${r.rows_repeated} repeats, ${r.rows_conflicting} conflicting repeats` +
          (r.warnings.length ? `\n  warnings: ${r.warnings.map((w) => w.message).join('\n            ')}` : ''),
  );
  return `${lines.join('\n')}\n`;
}
