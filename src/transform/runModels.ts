import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from '../db/Database.js';
import { type DataTest, runDataTests, splitDataTests } from '../db/dataTests.js';
import { withoutVacuum } from '../db/withoutVacuum.js';
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

/**
 * The cut-off the models compare data_invio and the versions' days with ({{as_of}}):
 * into main, the bound parameter; in pit, the session's variable, which
 * runModels sets from that parameter, so the views filter for the date last set.
 */
const AS_OF = { main: '$as_of::DATE', pit: "getvariable('pit_as_of')" } as const;

/**
 * The scope's macros as a model in models/ may call them, `{{ambito_catene}}(code)`:
 * into main, the macro itself (the scope of this build: every code with
 * scope_all.sql, the changed ones with scope_changed.sql); in pit, `tutti`, TRUE for
 * every value, because a view must not read a scope a later build of the same
 * session would change. A model filters a table's scan with it where DuckDB would
 * not push the header's predicate below a join.
 */
const SCOPE_MACROS = ['ambito_comunicazioni', 'ambito_catene', 'ambito_lavoratori'] as const;
const SCOPE = {
  main: Object.fromEntries(SCOPE_MACROS.map((m) => [m, m])),
  pit: Object.fromEntries(SCOPE_MACROS.map((m) => [m, 'tutti'])),
};

/** A model's one statement without its closing semicolon, to be a subquery. */
const withoutTerminator = (sql: string) => (sql.endsWith(';') ? sql.slice(0, -1) : sql);

/**
 * The statements that write a model: into main, its rows, whole or for the changed
 * scope (the header's predicate, over the query's columns as over the table's);
 * in pit, a view, so the state on a date costs nothing until a query reads it.
 */
function writeStatements(model: Model, target: 'main' | 'pit', changed: boolean): string {
  const table = `${target}.${quoteIdent(model.name)}`;
  if (target === 'pit') return `CREATE OR REPLACE VIEW ${table} AS\n${model.sql}`;
  if (changed && model.recomputedFor) {
    return (
      `DELETE FROM ${table} WHERE ${model.recomputedFor};\n` +
      `INSERT INTO ${table} BY NAME\nSELECT * FROM (\n${withoutTerminator(model.sql)}\n) WHERE ${model.recomputedFor}`
    );
  }
  return `CREATE OR REPLACE TABLE ${table} AS\n${model.sql}`;
}

/**
 * The `{{written}}` slot of a model's data tests: a predicate over its rows that holds
 * for those this build wrote (the header's predicate when only the changed scope was
 * recomputed, else every row). A test restricts itself with it to what can have
 * changed, where that is sound: to the rows written, when its rule is about rows or
 * about groups the predicate takes or leaves whole (a key that holds the predicate's
 * column); else to the groups holding a written row. The other rows passed the same
 * test when they were written, and `build --force` tests them all again.
 */
export const writtenRows = (model: Model, changed: boolean) =>
  changed && model.recomputedFor ? `(${model.recomputedFor})` : 'TRUE';

/** The transform macros (citizenship group on a date, placeholder dates) on this connection. */
export const loadTransformMacros = (db: Database) => runScript(db, macros);

/**
 * The state on a date in pit: each model a view over the versions (filtered on the
 * session variable pit_as_of, set here from the bound date), so filtering costs
 * nothing until a query reads it and holds no copy of the rows. The models' data
 * tests are not run here: they hold on every date because the versions' own tests,
 * run by build, hold (a key's versions never overlap; no version ends before it
 * starts), and the test suite compares the filter with the computation from scratch.
 */
async function viewPointInTime(db: Database, options: RunOptions): Promise<Record<string, number>> {
  const attached = await db.one("SELECT 1 FROM duckdb_databases() WHERE database_name = 'pit'");
  if (!attached) await db.run("ATTACH ':memory:' AS pit");
  await db.run('SET VARIABLE pit_as_of = $as_of::DATE', { as_of: options.asOf });
  const slots = { target: 'pit', as_of: AS_OF.pit, ...SCOPE.pit };
  for (const model of loadModels('pit')) {
    await runScript(db, { name: model.file, sql: fillTemplate(writeStatements(model, 'pit', false), slots) });
  }
  options.logger.debug({ as_of: options.asOf }, 'point-in-time views set');
  return {};
}

/**
 * Runs every model in order, each followed by its data tests (queries returning
 * failing rows). A failing test stops the run with the model, the test and sample
 * rows. Into main, the whole run is one transaction: tables are replaced together
 * or not at all (with what `finish` writes). Into pit: views (viewPointInTime).
 */
export async function runModels(db: Database, options: RunOptions): Promise<Record<string, number>> {
  await loadTransformMacros(db);
  if (options.target === 'pit') return viewPointInTime(db, options);
  const changed = options.scope === 'changed';
  const begun = performance.now();
  // read before any table changes, outside the transaction (DuckDB reads tables made inside one more slowly)
  await runScript(db, changed ? scopes.changed : scopes.all);
  const scoped = performance.now();
  let modelled = scoped;
  const params = { as_of: options.asOf };
  const rows: Record<string, number> = {};
  const models = loadModels('main');
  const bar = db.progressBar?.('models (all the data)') ?? silentProgress;
  const work = async () => {
    for (const [i, model] of models.entries()) {
      const started = performance.now();
      const slots = { target: 'main', as_of: AS_OF.main, ...SCOPE.main };
      bar.update(i / models.length, model.name);
      await withProgress(
        db,
        bar,
        () =>
          runScript(
            db,
            { name: model.file, sql: fillTemplate(writeStatements(model, 'main', changed), slots) },
            params,
          ),
        { fraction: (f) => (i + f) / models.length, detail: model.name },
      );
      await runDataTests(
        db,
        `model ${model.name} (${model.file})`,
        model.tests,
        { ...slots, written: writtenRows(model, changed) },
        'The tables were left as they were; the data (or a model) needs a look.',
        params,
      );
      const count = await db.one<{ n: string }>(`SELECT count(*)::VARCHAR AS n FROM main.${quoteIdent(model.name)}`);
      rows[model.name] = Number(count?.n ?? 0);
      options.logger.debug(
        {
          model: model.name,
          target: 'main',
          as_of: options.asOf,
          rows: rows[model.name],
          ms: Math.round(performance.now() - started),
        },
        'model built',
      );
    }
    await options.finish?.();
    modelled = performance.now();
  };
  try {
    // a build for new batches replaces a few rows of each table: merging row groups is left to a whole rebuild
    await (changed ? withoutVacuum(db, 'The tables built', () => db.transaction(work)) : db.transaction(work));
  } finally {
    bar.done();
  }
  const ms = (from: number, to: number) => Math.round(to - from);
  options.logger.debug(
    { timings_ms: { scope: ms(begun, scoped), models: ms(scoped, modelled), commit: ms(modelled, performance.now()) } },
    'models: where the time went',
  );
  return rows;
}
