import type { Database, Row } from '../../db/Database.js';
import { readWithTests, runDataTests } from '../../db/dataTests.js';
import {
  fillScript,
  fillTemplate,
  queryScript,
  quoteIdent,
  readScript,
  runScript,
  usedParams,
} from '../../db/runScript.js';
import { orimTableQuery, semesterSlots, type Semester } from '../../marts/orimTables.js';

/**
 * The figures the report compares across semesters: the flow tables of ORIM schema 2
 * (co_flussi_contratto, co_flussi_settore, co_flussi_anagrafica) and co_cittadinanze for
 * the semester and the ones it is compared with, and the distinct workers of the same
 * flows (flussi_lavoratori.sql), each in a temporary table (the report's province
 * only, when it has one), over the models the ORIM tables were staged on
 * (stageOrimTables). Returns the tables' names by the slots the report's queries
 * read them under: rep_flussi_contratto, rep_flussi_settore, rep_flussi_anagrafica,
 * rep_cittadinanze, rep_flussi_lavoratori.
 */
export async function prepareReportData(
  db: Database,
  semesters: Semester[],
  province?: string,
): Promise<Record<string, string>> {
  const tables: Record<string, string> = {};
  const compared = [
    ['co_flussi_contratto', 'rep_flussi_contratto'],
    ['co_flussi_settore', 'rep_flussi_settore'],
    ['co_flussi_anagrafica', 'rep_flussi_anagrafica'],
    ['co_cittadinanze', 'rep_cittadinanze'],
  ] as const;
  for (const [name, temp] of compared) {
    const parts = [];
    for (const s of semesters) parts.push(await orimTableQuery(db, name, s, province));
    tables[temp] = quoteIdent(temp);
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${tables[temp]} AS SELECT * FROM (${parts[0]!.sql}) LIMIT 0`,
      parts[0]!.params,
    );
    for (const part of parts) await db.run(`INSERT INTO ${tables[temp]} ${part.sql}`, part.params);
  }
  const workers = fillScript(
    readScript(new URL('../../marts/report/flussi_lavoratori.sql', import.meta.url)),
    semesterSlots,
  );
  for (const [i, s] of semesters.entries()) {
    const params = await usedParams(db, workers, {
      semestre: s.semestre,
      inizio: s.inizio,
      fine: s.fine,
      province: province ?? null,
    });
    await db.run(
      i === 0
        ? `CREATE OR REPLACE TEMP TABLE rep_flussi_lavoratori AS ${workers.sql}`
        : `INSERT INTO rep_flussi_lavoratori ${workers.sql}`,
      params,
    );
  }
  return { ...tables, rep_flussi_lavoratori: quoteIdent('rep_flussi_lavoratori') };
}

/**
 * Runs one of the report's figure queries (a .sql file of this folder) with the values
 * it uses; its slots are those of the ORIM tables (the flow events, the flag list) and
 * the tables the report staged (`tables`: the ORIM tables' exact figures, orim_<name>,
 * and prepareReportData's rep_<name>), so a query names what it reads. A file that ends
 * with `-- test:` blocks is materialized in the temp table rep_query and checked by them
 * (a failure stops the report, exit 1) before its rows are returned, in the query's order.
 */
export async function reportQuery<T extends Row = Row>(
  db: Database,
  file: string,
  params: Record<string, string | null>,
  tables: Record<string, string>,
): Promise<T[]> {
  const mart = readWithTests(new URL(`../../marts/report/${file}.sql`, import.meta.url));
  const query = { name: `${file}.sql`, sql: fillTemplate(mart.sql, { ...semesterSlots, ...tables }) };
  if (mart.tests.length === 0) return queryScript<T>(db, query, params);
  const target = quoteIdent('rep_query');
  await runScript(db, { name: query.name, sql: `CREATE OR REPLACE TEMP TABLE ${target} AS ${query.sql}` }, params);
  await runDataTests(
    db,
    `report query ${file}.sql`,
    mart.tests,
    { table: target },
    'No report was written; the data (or the query) needs a look.',
    params,
  );
  return db.all<T>(`SELECT * FROM ${target}`);
}
