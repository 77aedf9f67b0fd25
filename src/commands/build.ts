import { existsSync } from 'node:fs';
import { z } from 'zod';
import { quoteIdent } from '../db/runScript.js';
import type { SnapshotResult } from '../output/publishSnapshot.js';
import { snapshotPath } from '../output/snapshotPath.js';
import { ensureBuilt } from '../transform/ensureBuilt.js';
import { loadModels } from '../transform/runModels.js';
import { parseOptions } from './support/parseOptions.js';
import { withDb } from './support/withDb.js';
import { printResult } from './support/printResult.js';
import type { Deps, GlobalOptions } from './support/context.js';

export const BuildOptions = z.object({ force: z.boolean().default(false) });
export type BuildOptions = z.input<typeof BuildOptions> & GlobalOptions;

/** The snapshot line of the summary: where it is, its size and how long it took, or why it was not published. */
const snapshotLine = (s: SnapshotResult) =>
  s.status === 'published'
    ? `snapshot: ${s.path} (${(s.bytes / 1e6).toFixed(1)} MB, ${(s.ms / 1000).toFixed(1)} s)\n`
    : `snapshot not published: ${s.reason}\n`;

/**
 * `build`: runs the transform models over all the data, when it changed since the
 * last build, then publishes the analysts' snapshot (when it built, or when there is
 * no snapshot yet). The summary has the same shape either way: whether it built, the
 * rows of every model as they are now, and the snapshot.
 */
export async function run(options: BuildOptions, deps: Deps): Promise<number> {
  const { force } = parseOptions('build', BuildOptions, options);
  const snapshot = snapshotPath(options.db, options.snapshot);
  return withDb(deps, options, { mustExist: true }, async (db) => {
    const built = (await ensureBuilt(db, deps.logger, force)) !== undefined;
    const models: Record<string, number> = {};
    for (const { name } of loadModels()) {
      models[name] = Number(
        (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(name)}`))?.n ?? 0,
      );
    }
    const quality = Object.fromEntries(
      (
        await db.all<{ tipo: string; n: number }>(
          'SELECT tipo, count(*)::INTEGER AS n FROM qualita_dati GROUP BY tipo ORDER BY tipo',
        )
      ).map((q) => [q.tipo, q.n]),
    );
    const published =
      snapshot && (built || !existsSync(snapshot)) ? await deps.files.snapshot(db, snapshot, deps.logger) : undefined;
    return printResult(
      deps,
      'build',
      0,
      { built, models, data_quality: quality, snapshot: published ?? null },
      () =>
        `${built ? 'Models built' : 'Models up to date (no data loaded since the last build; --force to rebuild)'}:\n` +
        `${Object.entries(models)
          .map(([m, n]) => `  ${m}: ${n} rows`)
          .join('\n')}\n` +
        (Object.keys(quality).length
          ? `data quality: ${Object.entries(quality)
              .map(([t, n]) => `${t} ${n}`)
              .join(', ')}\n`
          : '') +
        (published ? snapshotLine(published) : ''),
    );
  });
}
