/**
 * Progress of long work on a terminal (a file's load, the models, the report's
 * tables): one line rewritten in place with the percentage, MB/s for a file, and
 * time left. Off (a no-op) when stderr is not a terminal or with --json, where only
 * the logs speak.
 */
export interface Progress {
  update(fraction: number, detail?: string): void;
  done(): void;
}

export const silentProgress: Progress = { update() {}, done() {} };

/** Draws progress on a terminal; totalBytes 0 for work that is not a file (no MB/s). */
export function terminalProgress(
  label: string,
  totalBytes: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = Date.now();
  let last = 0;
  return {
    update(fraction, detail = '') {
      const now = Date.now();
      if (now - last < 200 && fraction < 1) return;
      last = now;
      const seconds = (now - started) / 1000;
      const mbPerSecond = seconds > 0 ? (fraction * totalBytes) / 1e6 / seconds : 0;
      const left = fraction > 0.02 ? Math.max(0, seconds / fraction - seconds) : NaN;
      const pct = (fraction * 100).toFixed(0).padStart(3);
      const eta = Number.isFinite(left) ? `${left.toFixed(0)} s left` : '';
      const speed = totalBytes > 0 ? ` ${mbPerSecond.toFixed(1)} MB/s` : '';
      stream.write(`\r\x1b[2K${label} ${pct}%${speed} ${eta} ${detail}`);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}

/**
 * Runs a statement while drawing DuckDB's own progress (its percentage, rows), as
 * the whole bar or as part of one: `part` maps DuckDB's fraction into the bar (a model among the models).
 * DuckDB reports progress only with enable_progress_bar on (not printed by DuckDB
 * itself, and from the first moment: progress_bar_time 0); it is switched on here,
 * once per connection, only when a bar is drawn.
 */
export async function withProgress<T>(
  db: ProgressSource,
  progress: Progress,
  work: () => Promise<T>,
  part?: { fraction: (f: number) => number; detail: string },
): Promise<T> {
  if (progress === silentProgress) return work();
  if (!enabled.has(db)) {
    await db.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0');
    enabled.add(db);
  }
  const timer = setInterval(() => {
    const { percentage, rows_processed: rows } = db.progress();
    if (percentage >= 0)
      progress.update(
        part ? part.fraction(percentage / 100) : percentage / 100,
        part?.detail ?? `${Number(rows).toLocaleString('it-IT')} righe`,
      );
  }, 250);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    // a statement that is the whole bar ends it; a part leaves it to its owner
    if (!part) progress.done();
  }
}

/** What withProgress needs of the database (Database has it). */
export interface ProgressSource {
  run(sql: string): Promise<void>;
  progress(): { percentage: number; rows_processed: bigint };
}
const enabled = new WeakSet<ProgressSource>();
