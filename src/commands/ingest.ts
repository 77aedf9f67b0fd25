import { z } from 'zod';
import { inpsKindOf } from '../ingest/detectKind.js';
import { copyPlannerOf, ingestKind, type KindName } from '../ingest/fileKinds.js';
import type { IngestResult } from '../ingest/IngestResult.js';
import { refuseOtherKey } from '../ingest/keyFingerprint.js';
import { PseudonymCache } from '../ingest/pseudonymCache.js';
import { loadBirthPlaces } from '../ingest/workerCode.js';
import { loadPseudonymKey } from '../ingest/pseudonymKey.js';
import { loadedHashes, ReadAhead } from '../ingest/prepareFile.js';
import { terminalProgress } from '../output/progress.js';
import { parseOptions } from './parseOptions.js';
import { printResult } from './printResult.js';
import type { Deps, GlobalOptions } from './context.js';

export const IngestOptions = z.object({
  kind: z.enum(['co', 'inps', 'istat', 'excelsior']),
  files: z.array(z.string().min(1)).min(1, 'name at least one file'),
  strict: z.boolean().default(false),
  encoding: z.enum(['utf-8', 'windows-1252']).optional(),
});
export type IngestOptions = z.input<typeof IngestOptions> & GlobalOptions;

/**
 * `ingest co|inps|istat|excelsior FILE...`: each file in its own transaction; a failed file does not stop the
 * others. `ingest inps` reads a file of cassa integrazione hours as its own kind (inps-cig), from its header.
 */
export async function run(options: IngestOptions, deps: Deps): Promise<number> {
  const { kind, files, strict, encoding } = parseOptions(`ingest ${options.kind}`, IngestOptions, options);
  const { json } = deps;
  const key = kind === 'co' ? loadPseudonymKey(options.keyFile, deps.env) : undefined;
  // Workers' codes are checked against the birth places of the reference tables, a user's included.
  const pseudonyms = key
    ? new PseudonymCache(key, undefined, loadBirthPlaces(options.referenceDir))
    : undefined;
  const db = await deps.openDb(options.db, options.referenceDir);
  const results: IngestResult[] = [];
  const common = {
    strict, encoding, logger: deps.logger, pseudonyms, now: deps.now,
    progress: deps.interactive && !json ? (label: string, total: number) => terminalProgress(label, total) : undefined,
  };
  // The next file is hashed and copied while this one loads (see ReadAhead); its header
  // is checked before anything is copied.
  const kindOf = (file: string): KindName => (kind === 'inps' ? inpsKindOf(file) : kind);
  const kinds = new Map(files.map((f) => [f, kindOf(f)]));
  const loaded = new Set<string>();
  for (const k of new Set(kinds.values())) for (const sha of await loadedHashes(db, k)) loaded.add(sha);
  const readAhead = new ReadAhead({ encoding, loaded }, (file) => copyPlannerOf(kinds.get(file) ?? kindOf(file), file, pseudonyms));
  try {
    if (pseudonyms) await refuseOtherKey(db, pseudonyms.fingerprint);
    for (const [i, file] of files.entries()) {
      readAhead.startAt(files, i);
      const result = await ingestKind(db, file, kinds.get(file)!, { ...common, readAhead });
      results.push(result);
    }
  } finally {
    await readAhead.dispose();
    db.close();
  }
  const failed = results.filter((r) => r.status === 'failed');
  const exitCode = failed.length === 0 ? 0 : failed.every((r) => r.exitCode === 2) ? 2 : 1;
  const printable = results.map(({ exitCode: _omit, ...r }) => r);
  const error = failed.length ? { error: failed.map((r) => r.error).join('; ') } : {};
  return printResult(deps, `ingest ${kind}`, exitCode, { ...error, files: printable }, () => formatSummary(results));
}

function formatSummary(results: IngestResult[]): string {
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
