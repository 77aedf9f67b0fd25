/** What `ingest ... --json` prints for each file (one JSON object per line). */
export interface IngestWarning {
  code: string;
  column: string | null;
  n: number;
  message: string;
}

export interface IngestResult {
  file: string;
  sha256: string | null;
  status: 'loaded' | 'skipped' | 'failed';
  batch_id: number | null;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rows_repeated: number;
  rows_conflicting: number;
  warnings: IngestWarning[];
  error: string | null;
  /** For a failed file: 1 data or runtime failure, 2 usage (e.g. no pseudonym key). Not printed. */
  exitCode?: 1 | 2;
}
