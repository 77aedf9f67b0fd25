import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/Database.js';
import { copyToFile } from '../../output/copyToFile.js';
import { fillTemplate, quoteIdent, readSql } from '../../db/runScript.js';
import type { Logger } from '../../runtime/logger.js';
import type { writeOutputFolder } from '../../output/outputFolder.js';
import { materializeCompanyCrises } from '../../marts/crisis/crisisBasins.js';
import { basinLevels, type BasinLevel } from '../../marts/crisis/basinCells.js';
import { smallCount } from '../../disclosure/smallCount.js';
import { basinTables, fileValue, withheldIn, type FileRow, type Period } from './basinTables.js';
import { comparisonDates } from './comparisonDates.js';
import { crisisSummary, type Unmapped } from './crisisSummary.js';
import { loadLabels } from '../page/labels.js';
import { renderHtml } from '../page/renderHtml.js';
import { renderMarkdown } from '../page/renderMarkdown.js';
import { coverage } from '../../marts/report/semesters.js';
import { areaColumns, type AreaLevel } from '../../marts/areaLevels.js';

const sql = { file: readSql(new URL('../../marts/crisis/bacini_file.sql', import.meta.url)) };

export interface CrisisReportOptions {
  asOf: string;
  lookbackMonths: number;
  minCell: number;
  out: string;
  logger: Logger;
  /** The summary's date (ISO). */
  today: string;
  /** The command's clock (deps.now), for the folder's marker. */
  now: () => Date;
  /** Writes the output folder whole (deps.files.folder: output/outputFolder.ts). */
  writeFolder: typeof writeOutputFolder;
  /** Who publishes the summary, shown under its title (--author). */
  author?: string;
  /** The area the basins are by (--by; default the province). */
  by?: AreaLevel;
}

/** The published tables: file name and the breakdown column each adds to the area (the first's name is the area's). */
const files = [
  { name: 'bacini_crisi_provincia', rows: 'provincia', columns: '' },
  { name: 'bacini_crisi_settore', rows: 'ateco_sezione', columns: ', valore AS ateco_sezione' },
  { name: 'bacini_crisi_cittadinanza', rows: 'cittadinanza', columns: ', valore AS cittadinanza, nome' },
  { name: 'bacini_crisi_sesso', rows: 'sesso', columns: ', valore AS sesso' },
] as const;

/**
 * A date is covered when the CO data start in its month or earlier (monthly extracts
 * hold whole months, as for the report's semesters): its figures are then counts,
 * zeros included; before that they are not available (n.d.), not zero.
 */
const coveredOn = (date: string, firstSent: string | undefined) =>
  firstSent !== undefined && firstSent.slice(0, 7) <= date.slice(0, 7);

/**
 * Writes the crisis basins on a date (A, a month before, a year before) as one folder
 * swapped in whole (writeOutputFolder), so a reader never sees a partial one: bacini_crisi_{provincia,settore,cittadinanza,sesso}
 * (CSV, Parquet), crisi_aziendali.csv, and riepilogo.md/.html rendered by the
 * semi-annual report's renderers from the same published tables.
 */
export async function writeCrisisBasins(
  db: Database,
  o: CrisisReportOptions,
): Promise<{ basins: number; suppressed: number; companies: number; by?: AreaLevel; unmapped?: Unmapped }> {
  const by = o.by ?? 'provincia';
  const dates = comparisonDates(o.asOf);
  // the company crises of A only (crisi_ora), on the state known on A
  await materializeCompanyCrises(db, { asOf: dates.ora, lookbackMonths: o.lookbackMonths, logger: o.logger }, 'ora');
  // the cells of every level the data have, each date's decided at once (decideBasins)
  const levels: BasinLevel[] = [];
  for (const [periodo, asOf] of Object.entries(dates)) {
    for (const level of await basinLevels(
      db,
      { asOf, lookbackMonths: o.lookbackMonths, by, logger: o.logger },
      periodo,
    )) {
      const into = levels.find((l) => l.by === level.by);
      if (into) into.cells.push(...level.cells);
      else levels.push(level);
    }
  }
  const first = (await coverage(db)).primoInvio;
  const covered = {
    ora: coveredOn(dates.ora, first),
    mese: coveredOn(dates.mese, first),
    anno: coveredOn(dates.anno, first),
  } satisfies Record<Period, boolean>;
  const labels = await loadLabels(db);
  const tables = basinTables(levels, { minCell: o.minCell, covered, labels, dates, by });
  const unmapped = by === 'provincia' ? undefined : await unmappedOn(db);
  const companies = await db.all('SELECT * FROM crisi_ora ORDER BY licenziamenti DESC, datore_id');
  const summary = crisisSummary({
    dates,
    covered,
    lookbackMonths: o.lookbackMonths,
    minCell: o.minCell,
    labels,
    tables,
    companies,
    today: o.today,
    by,
    ...(unmapped ? { unmapped } : {}),
    ...(o.author ? { author: o.author } : {}),
  });
  if (unmapped?.workers) {
    o.logger.warn(
      { workers: unmapped.workers, municipalities: unmapped.codes },
      `crisis basins: workers whose last workplace is not in aree_comuni.csv are in the area '?' (non mappato)`,
    );
  }

  o.logger.debug({ as_of: o.asOf, withheld: tables.suppressed }, 'crisis basins decided: writing the folder');
  return o.writeFolder(o.out, { kind: 'crisis-basins', logger: o.logger, now: o.now }, async (dir) => {
    let rows = 0;
    for (const f of files) {
      const table = `crisi_pub_${f.rows}`;
      const name = f.rows === 'provincia' ? `bacini_crisi_${by}` : f.name;
      await db.run(
        `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS ${fillTemplate(sql.file, { area: areaColumnsOf(by), dimensione: f.columns })}`,
        {
          data: dates.ora,
          data_mese_prima: dates.mese,
          data_anno_prima: dates.anno,
          righe: JSON.stringify(tables.files[f.rows].map(fileRow)),
        },
      );
      for (const format of ['csv', 'parquet'] as const) {
        await copyToFile(db, `SELECT * FROM ${quoteIdent(table)}`, {}, path.join(dir, `${name}.${format}`), {
          format,
        });
      }
      rows += tables.files[f.rows].length;
    }
    // Company crises: at least 5 dismissals each; the non-EU count (and its share) is
    // withheld when small. No total is published beside them, so nothing gives it back.
    const withheld = companies
      .filter((c) => smallCount(Number(c.di_cui_non_ue), o.minCell))
      .map((c) => String(c.datore_id));
    await copyToFile(
      db,
      `SELECT datore_id, licenziamenti, massimo_120_giorni,
                         CASE WHEN list_contains($withheld::VARCHAR[], datore_id) THEN NULL ELSE di_cui_non_ue END AS di_cui_non_ue,
                         CASE WHEN list_contains($withheld::VARCHAR[], datore_id) THEN NULL ELSE round(di_cui_non_ue / licenziamenti, 3) END AS quota_non_ue,
                         province FROM crisi_ora ORDER BY licenziamenti DESC, datore_id`,
      { withheld: JSON.stringify(withheld) },
      path.join(dir, 'crisi_aziendali.csv'),
    );
    writeFileSync(path.join(dir, 'riepilogo.md'), renderMarkdown(summary));
    writeFileSync(path.join(dir, 'riepilogo.html'), renderHtml(summary, new Map()));
    return {
      basins: rows,
      suppressed: tables.suppressed,
      companies: companies.length,
      ...(unmapped ? { by, unmapped } : {}),
    };
  });
}

const suffixes = ['', '_mese_prima', '_anno_prima'];
/** A published row in the JSON shape bacini_file.sql reads. */
function fileRow(r: FileRow): Record<string, string | number | null> {
  const counts = Object.fromEntries(
    suffixes.flatMap((s, i) => [
      [`lavoratori${s}`, fileValue(r.counts[2 * i]!)],
      [`di_cui_permesso_a_rischio${s}`, fileValue(r.counts[2 * i + 1]!)],
    ]),
  );
  return {
    area: r.area,
    codice_provincia: r.codice_provincia,
    area_nome: r.area_nome,
    valore: r.valore ?? null,
    nome: r.nome ?? null,
    ...counts,
    soppresse: withheldIn(r.counts),
  };
}

/** The area's columns of a published file (bacini_file.sql's {{area}}): as they always were by province. */
function areaColumnsOf(by: AreaLevel): string {
  if (by === 'provincia') return 'area AS provincia, codice_provincia';
  const { codice, nome } = areaColumns(by);
  return `area AS ${quoteIdent(codice)}, area_nome AS ${quoteIdent(nome)}`;
}

/** The basin workers on A in the area '?' and their municipalities (bacini_ora, bacini_crisi.sql). */
async function unmappedOn(db: Database): Promise<Unmapped> {
  const row = await db.one<{ workers: string; municipalities: number; codes: string[] | null }>(
    `SELECT coalesce(sum(lavoratori), 0)::BIGINT AS workers, count(DISTINCT comune_non_mappato)::INTEGER AS municipalities,
            list(DISTINCT comune_non_mappato ORDER BY comune_non_mappato)[1:20] AS codes
     FROM bacini_ora WHERE comune_non_mappato IS NOT NULL`,
  );
  return { workers: Number(row?.workers ?? 0), municipalities: row?.municipalities ?? 0, codes: row?.codes ?? [] };
}
