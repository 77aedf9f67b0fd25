import type { Database } from '../db/Database.js';
import type { Progress } from '../runtime/progress.js';
import type { Logger } from '../runtime/logger.js';
import { detectKind, inpsKindOf } from './detectKind.js';
import { copyPlannerOf, ingestKind, type IngestCommandKind, type KindName } from './fileKinds.js';
import type { Encoding } from './inspectFile.js';
import type { IngestResult } from './IngestResult.js';
import { refuseOtherKey } from './keyFingerprint.js';
import { loadedHashes, ReadAhead } from './prepareFile.js';
import { withFewerCheckpoints } from '../db/withFewerCheckpoints.js';
import type { PseudonymCache } from './pseudonymCache.js';

/** One file's outcome as the commands print it: its kind (null when the header is not recognised), no exit code. */
export type FileResult = Omit<IngestResult, 'exitCode'> & { kind: KindName | null };

export interface IngestFilesOptions {
  /** `ingest KIND`'s kind (inps split into inps and inps-cig by the header), or 'detect': each file's kind from its header (run). */
  kind: IngestCommandKind | 'detect';
  logger: Logger;
  /** The command's pseudonym cache; another key than the database's is refused before any file. */
  pseudonyms?: PseudonymCache;
  strict?: boolean;
  encoding?: Encoding;
  progress?: (label: string, totalBytes: number) => Progress;
  /** The command's clock (deps.now), for each file's batch. */
  now: () => Date;
  /** Called after each file that was ingested (not for an unrecognised one), with how long it took. */
  onFile?: (result: FileResult, ms: number) => void;
}

export interface IngestFilesOutcome {
  results: FileResult[];
  /** 0 when no file failed, 2 when every failed file failed for a usage reason (e.g. no pseudonym key), else 1. */
  exitCode: 0 | 1 | 2;
}

const kindOf = (kind: IngestFilesOptions['kind'], file: string): KindName | undefined =>
  kind === 'detect' ? detectKind(file) : kind === 'inps' ? inpsKindOf(file) : kind;

/** The failed result of a file whose header is no extract the pipeline reads. */
const unrecognised = (file: string): IngestResult => ({
  file,
  sha256: null,
  status: 'failed',
  batch_id: null,
  rows_read: 0,
  rows_loaded: 0,
  rows_rejected: 0,
  rows_repeated: 0,
  rows_conflicting: 0,
  warnings: [],
  error: `${file}: not a CO, INPS, ISTAT or Excelsior extract (header not recognised)`,
  exitCode: 1,
});

/**
 * The ingest of `ingest` and `run`: each file in its own transaction, in order; a
 * failed file does not stop the others. The next file is hashed and copied while
 * this one loads (ReadAhead); its header is checked before anything is copied, and
 * a file already loaded is only hashed.
 */
export async function ingestFiles(
  db: Database,
  files: readonly string[],
  options: IngestFilesOptions,
): Promise<IngestFilesOutcome> {
  const { pseudonyms, logger } = options;
  const kinds = new Map(files.map((f) => [f, kindOf(options.kind, f)]));
  const loaded = new Set<string>();
  for (const k of new Set(kinds.values())) if (k) for (const sha of await loadedHashes(db, k)) loaded.add(sha);
  const readAhead = new ReadAhead({ encoding: options.encoding, loaded }, (f) => {
    const kind = kinds.get(f);
    return kind && copyPlannerOf(kind, f, pseudonyms);
  });
  const results: { result: IngestResult; kind: KindName | null }[] = [];
  try {
    if (pseudonyms) await refuseOtherKey(db, pseudonyms.fingerprint);
    await withFewerCheckpoints(db, async () => {
      for (const [i, file] of files.entries()) {
        const kind = kinds.get(file);
        readAhead.startAt(files, i);
        const t0 = Date.now();
        const result = kind
          ? await ingestKind(db, file, kind, {
              strict: options.strict,
              encoding: options.encoding,
              logger,
              readAhead,
              pseudonyms,
              progress: options.progress,
              now: options.now,
            })
          : unrecognised(file);
        results.push({ result, kind: kind ?? null });
        if (kind) options.onFile?.(printable(result, kind), Date.now() - t0);
      }
    });
  } finally {
    await readAhead.dispose();
  }
  const failed = results.filter(({ result }) => result.status === 'failed');
  const exitCode = failed.length === 0 ? 0 : failed.every(({ result }) => result.exitCode === 2) ? 2 : 1;
  return { results: results.map(({ result, kind }) => printable(result, kind)), exitCode };
}

/** The result without its internal exit code, with its kind first after the file. */
function printable({ exitCode: _omit, file, ...rest }: IngestResult, kind: KindName | null): FileResult {
  return { file, kind, ...rest };
}
