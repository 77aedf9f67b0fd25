import { readScript, runScript, type Script } from '../db/runScript.js';
import type { FileKind, LoadContext } from './ingestFile.js';
import type { IngestWarning } from './IngestResult.js';
import { istatColumns, matchIstatHeader, type IstatHeaderMatch } from './istatColumns.js';
import { istatFlows, recogniseFlow, type IstatFlow } from './istatFlows.js';
import { loadCheckedRows } from './loadCheckedRows.js';

const sql = (name: string) => readScript(new URL(`./${name}`, import.meta.url));
const codesSql = sql('istat_codes.sql');
const warningsSql = sql('warnings_istat.sql').sql;

/** Each flow's checked rows (a table macro) and load. */
const flowSql: Record<IstatFlow['name'], { checked: Script; macro: string; load: Script; value: string }> = {
  residenti: {
    checked: sql('checked_istat.sql'),
    macro: 'istat_checked',
    load: sql('load_istat.sql'),
    value: 'residenti',
  },
  permessi: {
    checked: sql('checked_istat_permessi.sql'),
    macro: 'istat_permessi_checked',
    load: sql('load_istat_permessi.sql'),
    value: 'permessi',
  },
  forze_lavoro: {
    checked: sql('checked_istat_forze_lavoro.sql'),
    macro: 'istat_forze_lavoro_checked',
    load: sql('load_istat_forze_lavoro.sql'),
    value: 'tasso',
  },
};

export const istatFileKind: FileKind<IstatHeaderMatch> = {
  kind: 'istat',
  tempTables: [],
  matchHeader: matchIstatHeader,
  async load(ctx) {
    const { db, match, file, scan, logger } = ctx;
    await runScript(db, codesSql);
    // The long layout is resident population; an SDMX file says its flow in DATAFLOW and DATA_TYPE.
    const { flow, dataflow } =
      match.layout === 'long' ? { flow: istatFlows[0]!, dataflow: '' } : await recogniseFlow(db, file, match, scan);
    logger.debug({ file, flow: flow.name, dataflow }, 'ISTAT flow recognised');
    const s = flowSql[flow.name];
    // Without a citizenship dimension, POPSTRCIT counts all foreigners and POPSTRRES all residents.
    const withoutCitizenship = dataflow.includes('POPSTRRES') ? 'TOTALE' : 'STRANIERI';
    const stats = await loadCheckedRows(ctx, {
      columns: istatColumns,
      checkedSql: s.checked,
      macro: s.macro,
      loadSql: s.load,
      table: flow.table,
      slots: { is_sdmx: match.layout === 'sdmx' ? 'true' : 'false', senza_cittadinanza: withoutCitizenship },
      params: flow.name === 'residenti' ? { layout: match.layout } : {},
    });
    return { stats, warnings: await flowWarnings(ctx, flow) };
  },
};

/** The checks of a loaded ISTAT batch: totals against their parts, and what ISTAT's codes hide. */
async function flowWarnings(ctx: LoadContext<IstatHeaderMatch>, flow: IstatFlow): Promise<IngestWarning[]> {
  if (flow.name === 'forze_lavoro') return [];
  const { db, batchId } = ctx;
  const value = flowSql[flow.name].value;
  const rows = await db.all<{
    codice: string;
    riga: string;
    anno: number;
    sesso: string;
    totale: string;
    somma: string;
    problema: string;
  }>(warningsSql.replaceAll('{{table}}', flow.table).replaceAll('{{value}}', value), { batch_id: batchId });
  const warnings: IngestWarning[] = [];
  const incoherent = rows.filter((r) => r.problema === 'totale_incoerente');
  if (incoherent.length) {
    warnings.push({
      code: 'totale_incoerente',
      column: value,
      n: incoherent.length,
      message: `totals that differ from the sum of their parts (kept apart, not added): ${incoherent
        .slice(0, 5)
        .map((r) => `line ${r.riga} (${r.codice}, ${r.anno}, ${r.sesso}): ${r.totale} vs ${r.somma}`)
        .join('; ')}`,
    });
  }
  for (const r of rows.filter((x) => x.problema !== 'totale_incoerente')) {
    warnings.push(
      r.problema === 'ue28_con_regno_unito'
        ? {
            code: r.problema,
            column: 'cittadinanza',
            n: Number(r.somma),
            message:
              `ISTAT's EU28 aggregate still counts citizens of the United Kingdom (outside the EU since 2020-01-31): ` +
              `${r.somma} rows of ${r.anno}; non-EU residents are read as WORLD minus EU28, so they leave the British out`,
          }
        : {
            code: r.problema,
            column: 'territorio',
            n: Number(r.somma),
            message:
              "the file has Milano (ITC45) but no Monza e della Brianza (IT108): as in ISTAT's 2009 list of provinces, " +
              'Milano here includes Monza e della Brianza, and MB has no rows of its own',
          },
    );
  }
  return warnings;
}
