import { readFileSync } from 'node:fs';
import type { Database } from '../db/Database.js';
import { readWithTests, runDataTests } from '../db/dataTests.js';
import { fillTemplate, quoteIdent, usedParams } from '../db/runScript.js';
import { type OrimHypercube, readOrimHypercube } from '../disclosure/orimHypercubes.js';
import type { AreaBelowProvince } from '../marts/areaLevels.js';
import {
  orimTableDefinition,
  semesterSlots,
  withTestSlots,
  type OrimTableDefinition,
  type Semester,
} from '../marts/orimTables.js';
import { riskDefaults } from '../marts/risk/riskOptions.js';

const read = readWithTests(new URL('../marts/risk/indicatori_rischio_aree.sql', import.meta.url));
const mart = { ...read, tests: withTestSlots(read.tests) };
/** The area of each municipality the mapping has (aree.sql, the aree slot). */
export const areasSql = readFileSync(new URL('../marts/aree.sql', import.meta.url), 'utf8');

/** The SQL of the risk indicators by area (indicatori_rischio_aree.sql) with its slots filled, and its values for a semester. */
const riskAreaSql = fillTemplate(mart.sql, { ...semesterSlots, aree: areasSql });
export const riskAreaParams = (semester: Semester, by: AreaBelowProvince) => ({
  semestre: semester.semestre,
  inizio: semester.inizio,
  fine: semester.fine,
  by,
  ...riskDefaults,
});

/** The temporary table of a semester's risk indicators by area, as published: the area's columns named after its level. */
export const riskAreaTable = (by: AreaBelowProvince) => `risk_area_${by}`;

/**
 * The risk indicators of a semester by CPI or ambito, materialized as riskAreaTable(by)
 * over what stageOrimTables built, their data tests passed, and read as a hypercube of
 * the audit: the counts of indicatori_rischio in the flow tables' family, whose
 * dimensions are the province, the area, the section and the group. Its margins over
 * the areas are indicatori_rischio's (and co_flussi_settore's) figures by province,
 * section and group, so decided with the ORIM tables (decideOrimTables) the tables by
 * area and by province give away nothing together.
 */
export async function riskAreaCube(db: Database, semester: Semester, by: AreaBelowProvince): Promise<OrimHypercube> {
  const params = await usedParams(
    db,
    { name: 'indicatori_rischio_aree.sql', sql: riskAreaSql },
    riskAreaParams(semester, by),
  );
  const exactTable = `${riskAreaTable(by)}_exact`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(exactTable)} AS ${riskAreaSql}`, params);
  await runDataTests(
    db,
    `risk indicators by ${by} (indicatori_rischio_aree.sql)`,
    mart.tests,
    { table: quoteIdent(exactTable) },
    'No file was written; the data (or the SQL) needs a look.',
  );
  // the area named as its level: a territorial dimension of the audit (cpi, ambito), its name a label
  const nome = `${by}_nome`;
  const columns = (await db.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(exactTable)}`)).map((c) =>
    c.column_name === 'area'
      ? `area AS ${quoteIdent(by)}`
      : c.column_name === 'area_nome'
        ? `area_nome AS ${quoteIdent(nome)}`
        : quoteIdent(c.column_name),
  );
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(riskAreaTable(by))} AS SELECT ${columns.join(', ')} FROM ${quoteIdent(exactTable)}`,
  );
  const orim = orimTableDefinition('indicatori_rischio');
  const definition: OrimTableDefinition = {
    name: `indicatori_rischio_${by}`,
    title: orim.title,
    sql: riskAreaSql,
    tests: mart.tests,
    counts: orim.counts,
    derived: [],
    exact: ['comuni_non_mappati'],
    labels: ['codice_provincia', nome],
    // an area lies within its province (the file's rows are by province and area): no area-alone totals
    disclosure: { family: 'flussi', within: { [by]: 'provincia' } },
  };
  return readOrimHypercube(db, definition, riskAreaTable(by));
}
