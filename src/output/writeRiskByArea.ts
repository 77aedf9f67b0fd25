import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/Database.js';
import { readWithTests, runDataTests } from '../db/dataTests.js';
import { fillTemplate, quoteIdent, usedParams } from '../db/runScript.js';
import { decidePublication } from '../disclosure/decidePublication.js';
import { readOrimHypercube, withheldRowKeys } from '../disclosure/orimHypercubes.js';
import type { AreaLevel } from '../marts/areaLevels.js';
import {
  orimTableDefinition,
  semesterSlots,
  stageOrimTables,
  type OrimTableDefinition,
  type Semester,
} from '../marts/orimTables.js';
import { riskDefaults } from '../marts/risk/riskOptions.js';
import type { Logger } from '../runtime/logger.js';
import { writePublishedTable } from './writePublishedTable.js';

const mart = readWithTests(new URL('../marts/risk/indicatori_rischio_aree.sql', import.meta.url));
const areas = readFileSync(new URL('../marts/aree.sql', import.meta.url), 'utf8');

export interface RiskByAreaWritten {
  file: string;
  rows: number;
  cells: number;
  suppressed: number;
  /** What the area `?` holds: the municipalities the mapping does not have, and their events. */
  unmapped: { municipalities: number; attivazioni: number; cessazioni: number };
}

/**
 * Writes the risk indicators of a semester by CPI or ambito (indicatori_rischio_aree.sql)
 * into dir as `indicatori_rischio_<by>.csv` and `.parquet`, as disclosure control decides
 * them: the counts of indicatori_rischio (the same definitions and default thresholds),
 * a hypercube whose dimensions are the province, the area, the section and the group
 * (decidePublication, the rule of every published table). The table is decided on its
 * own, with the province's totals by section and group among its figures (the area and
 * the province are both territory): the ORIM tables by province are decided apart
 * (docs/risk-indicators.md, "By CPI or ambito").
 */
export async function writeRiskByArea(
  db: Database,
  o: { semester: Semester; by: Exclude<AreaLevel, 'provincia'>; minCell: number; logger: Logger },
  dir: string,
): Promise<RiskByAreaWritten> {
  const { semester, by } = o;
  await stageOrimTables(db, semester, o.logger, []);
  const sql = fillTemplate(mart.sql, { ...semesterSlots, aree: areas });
  const params = await usedParams(
    db,
    { name: 'indicatori_rischio_aree.sql', sql },
    { semestre: semester.semestre, inizio: semester.inizio, fine: semester.fine, by, ...riskDefaults },
  );
  await db.run(`CREATE OR REPLACE TEMP TABLE risk_area_exact AS ${sql}`, params);
  await runDataTests(
    db,
    'risk indicators by area (indicatori_rischio_aree.sql)',
    mart.tests,
    { table: 'risk_area_exact' },
    'No file was written; the data (or the SQL) needs a look.',
  );
  // the area named as its level: a territorial dimension of the audit (cpi, ambito), its name a label
  const nome = `${by}_nome`;
  const columns = (await db.all<{ column_name: string }>('DESCRIBE risk_area_exact')).map((c) =>
    c.column_name === 'area'
      ? `area AS ${quoteIdent(by)}`
      : c.column_name === 'area_nome'
        ? `area_nome AS ${quoteIdent(nome)}`
        : quoteIdent(c.column_name),
  );
  await db.run(`CREATE OR REPLACE TEMP TABLE risk_area AS SELECT ${columns.join(', ')} FROM risk_area_exact`);
  const orim = orimTableDefinition('indicatori_rischio');
  const definition: OrimTableDefinition = {
    name: `indicatori_rischio_${by}`,
    title: orim.title,
    sql,
    tests: mart.tests,
    counts: orim.counts,
    derived: [],
    exact: ['comuni_non_mappati'],
    labels: ['codice_provincia', nome],
    disclosure: { family: 'flussi' },
  };
  const table = await readOrimHypercube(db, definition, 'risk_area');
  const { keyColumns } = table;
  const decision = decidePublication([table.cube], o.minCell);
  const withheld = withheldRowKeys(table, decision.withheld[0]!, orim.counts);
  const base = path.join(dir, definition.name);
  const published = await writePublishedTable(db, {
    source: 'risk_area',
    hideable: orim.counts,
    exact: ['comuni_non_mappati'],
    keyColumns,
    withheld,
    base,
    renames: { [by]: `${by}_codice` },
  });
  const events = (await db.one<{ attivazioni: number; cessazioni: number }>(
    `SELECT coalesce(sum(attivazioni), 0)::INTEGER AS attivazioni, coalesce(sum(cessazioni), 0)::INTEGER AS cessazioni
     FROM risk_area WHERE ${quoteIdent(by)} = '?'`,
  ))!;
  // distinct over the rows (a municipality has rows in several sections and groups)
  const distinct = fillTemplate(
    `SELECT count(DISTINCT e.sede_comune)::INTEGER AS n FROM ({{eventi_rischio}}) e
     LEFT JOIN ({{aree}}) z ON z.codice_istat = e.sede_comune WHERE z.codice_istat IS NULL`,
    { ...semesterSlots, aree: areas },
  );
  const municipalities = (await db.one<{ n: number }>(
    distinct,
    await usedParams(db, { name: 'unmapped municipalities', sql: distinct }, params),
  ))!.n;
  const unmapped = { municipalities, ...events };
  return {
    file: `${base}.csv`,
    rows: published.rows,
    cells: published.cells,
    suppressed: published.suppressed,
    unmapped,
  };
}
