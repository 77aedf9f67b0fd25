import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from '../db/Database.js';
import { type DataTest, runDataTests, splitDataTests } from '../db/dataTests.js';
import { fillTemplate, quoteIdent, readScript, runScript } from '../db/runScript.js';
import type { Logger } from '../runtime/logger.js';
import { silentProgress, withProgress } from '../runtime/progress.js';

const modelsDir = new URL('./models/', import.meta.url);
const versionsDir = new URL('./versions/', import.meta.url);
const macros = readScript(new URL('./macros.sql', import.meta.url));
const scopes = {
  all: readScript(new URL('./scope_all.sql', import.meta.url)),
  changed: readScript(new URL('./scope_changed.sql', import.meta.url)),
};

export interface Model {
  name: string;
  /** The file it is read from, which names it in errors. */
  file: string;
  /** The query of its rows (the runner writes the table). */
  sql: string;
  tests: DataTest[];
  /**
   * Its header's `-- recomputed for: <predicate>`: after new batches, build deletes
   * the rows the predicate holds for and inserts the query's rows for the same scope
   * (scope_changed.sql); a model without one is written whole every time.
   */
  recomputedFor?: string;
}

const readModels = (dir: URL, folder: string): Model[] =>
  readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(new URL(file, dir), 'utf8');
      return {
        name: file.replace(/^\d+_|\.sql$/g, ''),
        file: `${folder}/${file}`,
        recomputedFor: /^-- recomputed for: (.+)$/m.exec(text)?.[1]?.trim(),
        ...splitDataTests(text),
      };
    });

/**
 * The models in their declared order (the number that starts each file name): the
 * versions kept over all the data (versions/, built by `build` into main), then the
 * state on a date, a filter of those versions (models/, into main for all the data
 * or into pit for a point in time).
 */
export function loadModels(target: 'main' | 'pit' = 'main'): Model[] {
  const state = readModels(modelsDir, 'models');
  return target === 'main' ? [...readModels(versionsDir, 'versions'), ...state] : state;
}

/** No cut-off: every communication loaded (semester statistics use late ones too). */
export const ALL_DATA = '9999-12-31';

export interface RunOptions {
  /** main: the pipeline database (build); pit: an in-memory catalog for a point-in-time state. */
  target: 'main' | 'pit';
  /** The state on this day: only communications with data_invio on or before it. */
  asOf: string;
  logger: Logger;
  /**
   * all: every model written whole; changed (main only): each model with a scope
   * recomputed for what the batches loaded since the last build can change.
   */
  scope?: 'all' | 'changed';
  /** Runs inside the build's transaction after the models, so its writes commit with them. */
  finish?: () => Promise<void>;
}

/** The statements that write a model's rows into the target, whole or for the changed scope. */
function writeStatements(model: Model, target: string, changed: boolean): string {
  const table = `${target}.${quoteIdent(model.name)}`;
  if (changed && model.recomputedFor) {
    return `DELETE FROM ${table} WHERE ${model.recomputedFor};\nINSERT INTO ${table} BY NAME\n${model.sql}`;
  }
  return `CREATE OR REPLACE TABLE ${table} AS\n${model.sql}`;
}

/** The transform macros (citizenship group on a date, placeholder dates) on this connection. */
export const loadTransformMacros = (db: Database) => runScript(db, macros);

/**
 * Runs every model in order, each followed by its data tests (queries returning
 * failing rows). A failing test stops the run with the model, the test and sample
 * rows. Into main, the whole run is one transaction: tables are replaced together
 * or not at all (with what `finish` writes).
 */
export async function runModels(db: Database, options: RunOptions): Promise<Record<string, number>> {
  await loadTransformMacros(db);
  if (options.target === 'pit') {
    const attached = await db.one("SELECT 1 FROM duckdb_databases() WHERE database_name = 'pit'");
    if (!attached) await db.run("ATTACH ':memory:' AS pit");
  }
  const changed = options.target === 'main' && options.scope === 'changed';
  // read before any table changes, outside the transaction (DuckDB reads tables made inside one more slowly)
  await runScript(db, changed ? scopes.changed : scopes.all);
  const params = { as_of: options.asOf };
  const rows: Record<string, number> = {};
  const models = loadModels(options.target);
  const bar =
    db.progressBar?.(options.target === 'main' ? 'models (all the data)' : `models as known on ${options.asOf}`) ??
    silentProgress;
  const work = async () => {
    for (const [i, model] of models.entries()) {
      const started = performance.now();
      const slots = { target: options.target };
      bar.update(i / models.length, model.name);
      await withProgress(
        db,
        bar,
        () =>
          runScript(
            db,
            { name: model.file, sql: fillTemplate(writeStatements(model, options.target, changed), slots) },
            params,
          ),
        { fraction: (f) => (i + f) / models.length, detail: model.name },
      );
      await runDataTests(
        db,
        `model ${model.name} (${model.file})`,
        model.tests,
        slots,
        'The tables were left as they were; the data (or a model) needs a look.',
        params,
      );
      const count = await db.one<{ n: string }>(`SELECT count(*)::VARCHAR AS n FROM ${options.target}.${model.name}`);
      rows[model.name] = Number(count?.n ?? 0);
      options.logger.debug(
        {
          model: model.name,
          target: options.target,
          as_of: options.asOf,
          rows: rows[model.name],
          ms: Math.round(performance.now() - started),
        },
        'model built',
      );
    }
    await options.finish?.();
  };
  try {
    if (options.target === 'main') await db.transaction(work);
    else await work();
  } finally {
    bar.done();
  }
  return rows;
}
