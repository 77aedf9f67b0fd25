import type { Database } from '../db/Database.js';
import { coFileKind } from './ingestCoFile.js';
import { ingestFile, planCopy, type FileKind, type HeaderMatch, type IngestOptions } from './ingestFile.js';
import { excelsiorFileKind } from './ingestExcelsiorFile.js';
import { inpsCigFileKind } from './ingestInpsCigFile.js';
import { inpsFileKind } from './ingestInpsFile.js';
import { istatFileKind } from './ingestIstatFile.js';
import type { IngestResult } from './IngestResult.js';
import type { KindName } from './kindNames.js';
import type { CopyPlanner } from './prepareFile.js';
import type { PseudonymCache } from './pseudonymCache.js';

export type { KindName } from './kindNames.js';

/**
 * The kinds `ingest KIND` names: inps-cig has no command of its own, `ingest inps`
 * tells it apart by the header (inpsKindOf).
 */
export const ingestCommandKinds = ['co', 'inps', 'istat', 'excelsior'] as const;
export type IngestCommandKind = (typeof ingestCommandKinds)[number];

/** Any kind, as ingestFile sees it: the header match and what prepare hands to load stay the kind's own. */
type AnyFileKind = FileKind<HeaderMatch, unknown>;

/** The extracts the pipeline reads, by name. */
const fileKinds: Record<KindName, AnyFileKind> = {
  co: coFileKind as unknown as AnyFileKind,
  inps: inpsFileKind as unknown as AnyFileKind,
  'inps-cig': inpsCigFileKind as unknown as AnyFileKind,
  istat: istatFileKind as unknown as AnyFileKind,
  excelsior: excelsiorFileKind as unknown as AnyFileKind,
};

/** How a file of this kind is copied, for ReadAhead (the header is checked before anything is copied). */
export const copyPlannerOf = (kind: KindName, file: string, pseudonyms?: PseudonymCache): CopyPlanner =>
  planCopy(fileKinds[kind], file, pseudonyms);

/** Ingests one extract of a kind (see ingestFile). */
export const ingestKind = (db: Database, file: string, kind: KindName, options: IngestOptions): Promise<IngestResult> =>
  ingestFile(db, file, fileKinds[kind], options);
