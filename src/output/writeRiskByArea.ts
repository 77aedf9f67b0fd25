import path from 'node:path';
import type { Database } from '../db/Database.js';
import { fillTemplate, quoteIdent, usedParams } from '../db/runScript.js';
import { withheldRowKeys } from '../disclosure/orimHypercubes.js';
import { orimTableDefinition, semesterSlots, type Semester } from '../marts/orimTables.js';
import type { Logger } from '../runtime/logger.js';
import type { AreaBelowProvince } from '../marts/areaLevels.js';
import { areasSql, riskAreaParams, riskAreaTable } from './riskAreaCubes.js';
import { decideOrimTables } from './writeOrimTables.js';
import { writePublishedTable } from './writePublishedTable.js';

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
 * them: the counts of indicatori_rischio (the same definitions and default thresholds).
 * The table is decided with the ORIM tables of the semester and the table by the other
 * area, as `report semiannual` decides them (decideOrimTables, riskAreaCubes.ts): one
 * decision for every table by province, CPI and ambito, so that published together they
 * narrow no withheld figure (docs/risk-indicators.md, "By CPI or ambito").
 */
export async function writeRiskByArea(
  db: Database,
  o: { semester: Semester; by: AreaBelowProvince; minCell: number; logger: Logger },
  dir: string,
): Promise<RiskByAreaWritten> {
  const { semester, by } = o;
  const decided = await decideOrimTables(db, semester, o.minCell, o.logger);
  const at = decided.cubes.findIndex((c) => c.definition.name === `indicatori_rischio_${by}`);
  if (at < 0)
    throw new Error(`risk indicators by ${by}: no table by ${by} among those decided (is the mapping loaded?)`);
  const table = decided.cubes[at]!;
  const { counts } = orimTableDefinition('indicatori_rischio');
  const withheld = withheldRowKeys(table, decided.decision.withheld[at]!, counts);
  const source = riskAreaTable(by);
  const base = path.join(dir, table.definition.name);
  const published = await writePublishedTable(db, {
    source,
    hideable: counts,
    exact: ['comuni_non_mappati'],
    keyColumns: table.keyColumns,
    withheld,
    base,
    renames: { [by]: `${by}_codice` },
  });
  const events = (await db.one<{ attivazioni: number; cessazioni: number }>(
    `SELECT coalesce(sum(attivazioni), 0)::INTEGER AS attivazioni, coalesce(sum(cessazioni), 0)::INTEGER AS cessazioni
     FROM ${quoteIdent(source)} WHERE ${quoteIdent(by)} = '?'`,
  ))!;
  // distinct over the rows (a municipality has rows in several sections and groups)
  const distinct = fillTemplate(
    `SELECT count(DISTINCT e.sede_comune)::INTEGER AS n FROM ({{eventi_rischio}}) e
     LEFT JOIN ({{aree}}) z ON z.codice_istat = e.sede_comune WHERE z.codice_istat IS NULL`,
    { ...semesterSlots, aree: areasSql },
  );
  const municipalities = (await db.one<{ n: number }>(
    distinct,
    await usedParams(db, { name: 'unmapped municipalities', sql: distinct }, riskAreaParams(semester, by)),
  ))!.n;
  return {
    file: `${base}.csv`,
    rows: published.rows,
    cells: published.cells,
    suppressed: published.suppressed,
    unmapped: { municipalities, ...events },
  };
}
