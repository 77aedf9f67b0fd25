import { existsSync } from 'node:fs';
import { z } from 'zod';
import { publishSnapshot, type SnapshotResult } from '../db/publishSnapshot.js';
import { snapshotPath } from '../db/snapshotPath.js';
import { ensureBuilt } from '../transform/ensureBuilt.js';
import { parseOptions } from './parseOptions.js';
import type { Deps, GlobalOptions } from './context.js';

export const BuildOptions = z.object({ force: z.boolean().default(false) });
export type BuildOptions = z.input<typeof BuildOptions> & GlobalOptions;

/** The snapshot line of the summary: where it is, its size and how long it took, or why it was not published. */
const snapshotLine = (s: SnapshotResult) => (s.status === 'published'
  ? `snapshot: ${s.path} (${(s.bytes / 1e6).toFixed(1)} MB, ${(s.ms / 1000).toFixed(1)} s)\n`
  : `snapshot not published: ${s.reason}\n`);

/**
 * `build`: runs the transform models over all the data, when it changed since the
 * last build, then publishes the analysts' snapshot (when it built, or when there
 * is no snapshot yet).
 */
export async function run(options: BuildOptions, deps: Deps): Promise<number> {
  const { force } = parseOptions('build', BuildOptions, options);
  const snapshot = snapshotPath(options.db, options.snapshot);
  const db = await deps.openDb(options.db, options.referenceDir);
  try {
    const rows = await ensureBuilt(db, deps.logger, force);
    if (!rows) {
      deps.stdout.write('Models up to date (no data loaded since the last build; --force to rebuild).\n');
      if (snapshot && !existsSync(snapshot)) deps.stdout.write(snapshotLine(await publishSnapshot(db, snapshot, deps.logger)));
      return 0;
    }
    const quality = await db.all<{ tipo: string; n: string }>(
      'SELECT tipo, count(*)::VARCHAR AS n FROM qualita_dati GROUP BY tipo ORDER BY tipo');
    deps.stdout.write(`${Object.entries(rows).map(([m, n]) => `${m}: ${n} rows`).join('\n')}\n`);
    if (quality.length) deps.stdout.write(`data quality: ${quality.map((q) => `${q.tipo} ${q.n}`).join(', ')}\n`);
    if (snapshot) deps.stdout.write(snapshotLine(await publishSnapshot(db, snapshot, deps.logger)));
  } finally {
    db.close();
  }
  return 0;
}
