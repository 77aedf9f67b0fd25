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

/** The extracts the pipeline reads, by name. */
export const fileKinds: Record<KindName, FileKind<HeaderMatch>> = {
  co: coFileKind as unknown as FileKind<HeaderMatch>,
  inps: inpsFileKind as unknown as FileKind<HeaderMatch>,
  'inps-cig': inpsCigFileKind as unknown as FileKind<HeaderMatch>,
  istat: istatFileKind as unknown as FileKind<HeaderMatch>,
  excelsior: excelsiorFileKind as unknown as FileKind<HeaderMatch>,
};

/** How a file of this kind is copied, for ReadAhead (the header is checked before anything is copied). */
export const copyPlannerOf = (kind: KindName, file: string, pseudonyms?: PseudonymCache): CopyPlanner =>
  planCopy(fileKinds[kind], file, pseudonyms);

/** Ingests one extract of a kind (see ingestFile). */
export const ingestKind = (db: Database, file: string, kind: KindName, options: IngestOptions): Promise<IngestResult> =>
  ingestFile(db, file, fileKinds[kind], options);
