import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Database, Row } from '../db/Database.js';
import type { Logger } from '../logger.js';
import { materializeCrisis } from '../transform/crisisBasins.js';
import { copyToFile } from '../db/copyToFile.js';
import { spreadsheetSafe } from '../db/spreadsheetSafe.js';
import { writeSuppressedTable } from './writeSuppressedTable.js';

export interface CrisisReportOptions {
  asOf: string;
  lookbackMonths: number;
  minCell: number;
  out: string;
  logger: Logger;
}

const shift = (iso: string, months: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
};
const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const shown = (v: unknown) => (v === null || v === undefined ? 'n.d.' : Number(v).toLocaleString('it-IT'));
/** A text cell of riepilogo.md: a value a spreadsheet would run as a formula (when the table is pasted) behind an apostrophe. */
const mdText = (v: unknown) => spreadsheetSafe.text(String(v ?? ''));

/**
 * Writes bacini_crisi (CSV, Parquet), crisi_aziendali.csv and riepilogo.md/.html
 * for a date into a temporary directory, renamed into place when complete: a
 * reader never sees a partial output directory.
 */
export async function writeCrisisBasins(db: Database, o: CrisisReportOptions): Promise<{ basins: number; suppressed: number; companies: number }> {
  const dates = { ora: o.asOf, mese: shift(o.asOf, -1), anno: shift(o.asOf, -12) };
  for (const [suffix, asOf] of Object.entries(dates)) {
    await materializeCrisis(db, { asOf, lookbackMonths: o.lookbackMonths, logger: o.logger }, suffix);
  }
  const key = ['provincia', 'codice_provincia', 'ateco_sezione', 'cittadinanza', 'sesso'];
  await db.run(`CREATE OR REPLACE TEMP TABLE bacini_confronto AS
    SELECT $as_of::DATE AS data, ${key.join(', ')},
           coalesce(n.lavoratori, 0) AS lavoratori, coalesce(n.di_cui_permesso_a_rischio, 0) AS di_cui_permesso_a_rischio,
           coalesce(m.lavoratori, 0) AS lavoratori_mese_prima, coalesce(m.di_cui_permesso_a_rischio, 0) AS di_cui_permesso_a_rischio_mese_prima,
           coalesce(y.lavoratori, 0) AS lavoratori_anno_prima, coalesce(y.di_cui_permesso_a_rischio, 0) AS di_cui_permesso_a_rischio_anno_prima
    FROM bacini_ora n FULL JOIN bacini_mese m USING (${key.join(', ')}) FULL JOIN bacini_anno y USING (${key.join(', ')})`,
  { as_of: o.asOf });

  const target = path.resolve(o.out);
  const temporary = `${target}.tmp-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(temporary, { recursive: true });
  try {
    const table = await writeSuppressedTable(db, {
      source: 'bacini_confronto', minCell: o.minCell, base: path.join(temporary, 'bacini_crisi'),
      counts: ['lavoratori', 'di_cui_permesso_a_rischio', 'lavoratori_mese_prima', 'di_cui_permesso_a_rischio_mese_prima',
        'lavoratori_anno_prima', 'di_cui_permesso_a_rischio_anno_prima'],
      derived: [], notDimensions: new Set(['data', 'codice_provincia']),
    });
    // Company crises: at least 5 dismissals each; the non-EU count is suppressed when small.
    await copyToFile(db, `SELECT datore_id, licenziamenti, massimo_120_giorni,
                         CASE WHEN di_cui_non_ue BETWEEN 1 AND $min - 1 THEN NULL ELSE di_cui_non_ue END AS di_cui_non_ue,
                         CASE WHEN di_cui_non_ue BETWEEN 1 AND $min - 1 THEN NULL ELSE round(di_cui_non_ue / licenziamenti, 3) END AS quota_non_ue,
                         province FROM crisi_ora ORDER BY licenziamenti DESC, datore_id`,
    { min: o.minCell }, path.join(temporary, 'crisi_aziendali.csv'));
    const basins = await db.all(`SELECT * FROM "${table.published}" ORDER BY provincia, lavoratori DESC NULLS LAST`);
    const totals = await db.one<Record<string, string>>(`SELECT sum(lavoratori)::VARCHAR AS ora, sum(lavoratori_mese_prima)::VARCHAR AS mese,
      sum(lavoratori_anno_prima)::VARCHAR AS anno FROM bacini_confronto`);
    // A province's totals are shown only when none of its rows is suppressed: from a total
    // over a province with a suppressed row, subtracting the shown rows would give it away.
    const provinceTotals = await db.all(`SELECT provincia, bool_or(soppressa) AS con_soppressioni,
        sum(lavoratori) AS ora, sum(lavoratori_mese_prima) AS mese, sum(lavoratori_anno_prima) AS anno
      FROM "${table.published}" GROUP BY provincia`);
    const companies = await db.all('SELECT * FROM crisi_ora ORDER BY licenziamenti DESC, datore_id');
    const { md, html } = summary(o, dates, basins, totals!, provinceTotals, companies, table.suppressed);
    writeFileSync(path.join(temporary, 'riepilogo.md'), md);
    writeFileSync(path.join(temporary, 'riepilogo.html'), html);
    const old = `${target}.old-${process.pid}`;
    if (existsSync(target)) renameSync(target, old);
    renameSync(temporary, target);
    rmSync(old, { recursive: true, force: true });
    return { basins: table.rows, suppressed: table.suppressed, companies: companies.length };
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}

function summary(o: CrisisReportOptions, dates: Record<string, string>, basins: Row[], totals: Record<string, string>,
  provinceTotals: Row[], companies: Row[], suppressed: number) {
  const provinces = [...new Set(basins.map((b) => String(b.provincia)))].sort();
  const md: string[] = [
    `# Bacini di crisi al ${o.asOf}`, '',
    `Lavoratori non comunitari senza un rapporto attivo il ${o.asOf}, il cui ultimo rapporto è finito nei ${o.lookbackMonths} mesi precedenti.`, '',
    `Totale regionale (esatto): ${shown(totals.ora)}; un mese prima (${dates.mese}): ${shown(totals.mese)}; un anno prima (${dates.anno}): ${shown(totals.anno)}.`, '',
    `Celle con meno di ${o.minCell} lavoratori, e quelle da cui si potrebbero ricavare, non sono mostrate (n.d.): ${suppressed} righe.`, '',
  ];
  const html: string[] = [`<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Bacini di crisi al ${esc(o.asOf)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}td:first-child,th:first-child{text-align:left}</style></head><body>',
    `<h1>Bacini di crisi al ${esc(o.asOf)}</h1>`, `<p>${esc(md[2])}</p>`, `<p>${esc(md[4])}</p>`, `<p>${esc(md[6])}</p>`];
  for (const p of provinces) {
    const rows = basins.filter((b) => b.provincia === p).slice(0, 5);
    const t = provinceTotals.find((x) => x.provincia === p);
    const trend = !t || t.con_soppressioni
      ? 'Totale provinciale: n.d. (contiene celle non mostrate).'
      : `Totale provinciale: ${shown(t.ora)}; un mese prima: ${shown(t.mese)}; un anno prima: ${shown(t.anno)}.`;
    md.push(`## ${p}`, '', trend, '', '| settore ATECO | cittadinanza | sesso | lavoratori | di cui permesso a rischio | un mese prima | un anno prima |', '|---|---|---|---:|---:|---:|---:|');
    html.push(`<h2>${esc(p)}</h2><p>${esc(trend)}</p><table><tr><th>settore ATECO</th><th>cittadinanza</th><th>sesso</th><th>lavoratori</th><th>di cui permesso a rischio</th><th>un mese prima</th><th>un anno prima</th></tr>`);
    for (const b of rows) {
      const texts = [b.ateco_sezione, b.cittadinanza, b.sesso];
      const counts = [shown(b.lavoratori), shown(b.di_cui_permesso_a_rischio), shown(b.lavoratori_mese_prima), shown(b.lavoratori_anno_prima)];
      md.push(`| ${[...texts.map(mdText), ...counts].join(' | ')} |`);
      html.push(`<tr>${[...texts, ...counts].map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
    }
    html.push('</table>');
    const crises = companies.filter((c) => String(c.province).split(',').includes(p));
    const nonUe = (c: Row) => (Number(c.di_cui_non_ue) >= 1 && Number(c.di_cui_non_ue) < o.minCell ? 'n.d.' : shown(c.di_cui_non_ue));
    md.push('', crises.length ? `Crisi aziendali con licenziamenti in ${p} (almeno 5 in 120 giorni):` : `Nessuna crisi aziendale in ${p}.`, '');
    html.push(`<p>${esc(md.at(-2))}</p>`);
    if (crises.length) {
      md.push('| datore (pseudonimo) | licenziamenti | di cui non UE |', '|---|---:|---:|');
      html.push('<table><tr><th>datore (pseudonimo)</th><th>licenziamenti</th><th>di cui non UE</th></tr>');
      for (const c of crises) {
        md.push(`| ${mdText(c.datore_id)} | ${shown(c.licenziamenti)} | ${nonUe(c)} |`);
        html.push(`<tr><td>${esc(c.datore_id)}</td><td>${esc(shown(c.licenziamenti))}</td><td>${esc(nonUe(c))}</td></tr>`);
      }
      md.push('');
      html.push('</table>');
    }
  }
  html.push('</body></html>');
  return { md: `${md.join('\n')}\n`, html: `${html.join('\n')}\n` };
}
