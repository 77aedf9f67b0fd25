import { z } from 'zod';
import { ensureBuilt } from '../transform/ensureBuilt.js';
import { parseOptions } from './parseOptions.js';
import type { Deps, GlobalOptions } from './context.js';

export const BuildOptions = z.object({ force: z.boolean().default(false) });
export type BuildOptions = z.input<typeof BuildOptions> & GlobalOptions;

/** `build`: runs the transform models over all the data, when it changed since the last build. */
export async function run(options: BuildOptions, deps: Deps): Promise<number> {
  const { force } = parseOptions('build', BuildOptions, options);
  const db = await deps.openDb(options.db, options.referenceDir);
  try {
    const rows = await ensureBuilt(db, deps.logger, force);
    if (!rows) {
      deps.stdout.write('Models up to date (no data loaded since the last build; --force to rebuild).\n');
      return 0;
    }
    const quality = await db.all<{ tipo: string; n: string }>(
      'SELECT tipo, count(*)::VARCHAR AS n FROM qualita_dati GROUP BY tipo ORDER BY tipo');
    deps.stdout.write(`${Object.entries(rows).map(([m, n]) => `${m}: ${n} rows`).join('\n')}\n`);
    if (quality.length) deps.stdout.write(`data quality: ${quality.map((q) => `${q.tipo} ${q.n}`).join(', ')}\n`);
  } finally {
    db.close();
  }
  return 0;
}
