import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { crisisBasins } from '../src/marts/crisis/crisisBasins.js';
import { coCsv, ingest, runCli, tempDir, writeFile, type CoRow } from './helpers.js';
import { comm, scenarioColumns, scenarioDb, worker } from './scenarios.js';

const logger = pino({ level: 'silent' });
const num = (r: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [
      k,
      ['lavoratori', 'di_cui_permesso_a_rischio', 'licenziamenti', 'massimo_120_giorni', 'di_cui_non_ue'].includes(k)
        ? Number(v)
        : v,
    ]),
  );

async function crisisOn(rows: CoRow[], asOf: string, lookbackMonths = 12) {
  const db = await openPipelineDb((await scenarioDb(rows)).db);
  try {
    const result = await crisisBasins(db, { asOf, lookbackMonths, logger });
    return { basins: result.basins.map(num), companies: result.companies.map(num) };
  } finally {
    db.close();
  }
}

describe('crisis basins (A = 2025-06-30, look-back 12 months: last rapporto ended in [2024-06-30, 2025-06-30))', () => {
  it('counts non-EU workers without a job by the province, sector, citizenship and sex of their last rapporto', async () => {
    const { basins } = await crisisOn(
      [
        comm(worker('B1'), { data_inizio: '2025-01-02', data_fine: '2025-03-31' }), // in the basin
        comm(worker('B2', { sesso: 'F' }), { data_inizio: '2024-01-02', data_fine: '2024-06-30' }), // ended on A - L: in
        comm(worker('B3', { sesso: 'F' }), { data_inizio: '2024-01-02', data_fine: '2024-06-29' }), // a day earlier: out
        comm(worker('B4'), { data_inizio: '2024-09-02', data_fine: '2025-01-31' }), // re-employed below: out
        comm(worker('B4'), { datore_id: 'DAT9', data_inizio: '2025-03-01', tipo_contratto: 'A.01.00' }),
        comm(worker('B5', { cittadinanza: '235', titolo_soggiorno: '', motivo_permesso: '', scadenza_permesso: '' }), {
          data_inizio: '2025-01-02',
          data_fine: '2025-03-31',
        }), // Romanian, EU: out
        comm(worker('B6', { scadenza_permesso: '2025-05-31' }), { data_inizio: '2025-01-02', data_fine: '2025-04-30' }), // in, permit expired
        comm(worker('B7'), {
          data_inizio: '2025-01-02',
          data_fine: '2025-05-31',
          sede_comune: '016024',
          datore_ateco: '41.20.00',
        }), // Bergamo, F
      ],
      '2025-06-30',
    );
    // by province the area is the province, and no municipality is left unmapped
    const row = { data: '2025-06-30', cittadinanza: '436', area_nome: null, comune_non_mappato: null };
    expect(basins).toEqual([
      {
        ...row,
        provincia: 'BG',
        codice_provincia: '016',
        area: 'BG',
        ateco_sezione: 'F',
        sesso: 'M',
        lavoratori: 1,
        di_cui_permesso_a_rischio: 0,
      },
      // B2 ended 2024-06-30: 12 months of job seeking end on A, inside the window: PERMIT_AT_RISK
      {
        ...row,
        provincia: 'MI',
        codice_provincia: '015',
        area: 'MI',
        ateco_sezione: 'I',
        sesso: 'F',
        lavoratori: 1,
        di_cui_permesso_a_rischio: 1,
      },
      // B1 and B6; B6's permit expired on 2025-05-31
      {
        ...row,
        provincia: 'MI',
        codice_provincia: '015',
        area: 'MI',
        ateco_sezione: 'I',
        sesso: 'M',
        lavoratori: 2,
        di_cui_permesso_a_rischio: 1,
      },
    ]);
  });

  it('follows the look-back: with 3 months only the rapporti ended from 2025-03-30 count', async () => {
    const { basins } = await crisisOn(
      [
        comm(worker('B1'), { data_inizio: '2025-01-02', data_fine: '2025-03-29' }),
        comm(worker('B2'), { data_inizio: '2025-01-02', data_fine: '2025-03-30' }),
      ],
      '2025-06-30',
      3,
    );
    expect(basins.map((b) => b.lavoratori)).toEqual([1]);
  });
});

describe('company crises: 5 dismissals in a 120-day span', () => {
  const dismissals = (company: string, dates: string[], citizenships: string[]) =>
    dates.flatMap((d, i) => {
      const w = worker(
        `${company}-${i}`,
        citizenships[i] === '000'
          ? { cittadinanza: '000', titolo_soggiorno: '', motivo_permesso: '', scadenza_permesso: '' }
          : {},
      );
      const start = '2024-01-08';
      return [
        comm(w, { datore_id: company, data_inizio: start, tipo_contratto: 'A.01.00' }),
        comm(w, {
          datore_id: company,
          tipo_evento: 'CES',
          data_inizio: start,
          data_invio: d,
          data_evento: d,
          motivo_cessazione: 'LI',
          tipo_contratto: 'A.01.00',
        }),
      ];
    });

  it('flags 5 within 120 days, not 4, nor 5 spread over 121 days', async () => {
    const { companies } = await crisisOn(
      [
        // 2025-02-01 .. 2025-05-31 is a 120-day span (May 31 minus 119 days is February 1)
        ...dismissals(
          'E5',
          ['2025-02-01', '2025-02-15', '2025-03-01', '2025-04-01', '2025-05-31'],
          ['436', '436', '436', '000', '000'],
        ),
        ...dismissals('E4', ['2025-02-01', '2025-02-15', '2025-03-01', '2025-04-01'], ['436', '436', '436', '436']),
        ...dismissals(
          'E5L',
          ['2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01'],
          ['436', '436', '436', '436', '436'],
        ),
      ],
      '2025-06-30',
    );
    expect(companies).toEqual([
      { datore_id: 'E5', licenziamenti: 5, massimo_120_giorni: 5, di_cui_non_ue: 3, province: 'MI' },
    ]);
  });
  it('counts a dismissal per rapporto: a second CES of the same rapporto is not a second dismissal (R5)', async () => {
    // Four workers dismissed, and the fourth rapporto's dismissal sent again as a new CES
    // (2025-03-20, neither a rettifica nor an annullamento): 4 rapporti ended, below 5.
    const rows = dismissals(
      'E4D',
      ['2025-02-01', '2025-02-15', '2025-03-01', '2025-03-10'],
      ['436', '436', '436', '436'],
    );
    const again = {
      ...rows.at(-1)!,
      codice_comunicazione: 'E4D-AGAIN',
      data_invio: '2025-03-20',
      data_evento: '2025-03-20',
    };
    const { companies } = await crisisOn([...rows, again], '2025-06-30');
    expect(companies).toEqual([]);
  });
});

describe('crisis-basins command', () => {
  it('writes the province totals and one table per breakdown with the month and year before, company crises and summaries, replacing the directory', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const rows = [
      // ended 2025-03-31: in the basin on 2025-06-30 and a month before (2025-05-31, the last day of May)
      comm(worker('B1'), { data_inizio: '2025-01-02', data_fine: '2025-03-31' }),
      // ended 2025-06-15, Bergamo construction: in the basin on 2025-06-30, still employed on 2025-05-31
      comm(worker('B7'), {
        data_inizio: '2025-01-02',
        data_fine: '2025-06-15',
        sede_comune: '016024',
        datore_ateco: '41.20.00',
      }),
    ];
    // the data start in January 2025: a year before (2024-06-30) they do not cover, so n.d. (empty), not 0
    await ingest(db, [writeFile(dir, 'e.csv', coCsv(rows, { columns: scenarioColumns }))], [], {});
    const out = path.join(dir, 'basins');
    // an earlier run's folder (of another date) is replaced whole
    expect((await runCli(['--db', db, 'crisis-basins', '--as-of', '2025-05-31', '--out', out], {})).code).toBe(0);
    const run = await runCli(
      ['--db', db, 'crisis-basins', '--as-of', '2025-06-30', '--min-cell', '1', '--out', out],
      {},
    );
    expect(run.code).toBe(0);
    const tables = ['provincia', 'settore', 'cittadinanza', 'sesso'].flatMap((t) => [
      `bacini_crisi_${t}.csv`,
      `bacini_crisi_${t}.parquet`,
    ]);
    expect(readdirSync(out).sort()).toEqual(
      ['.co-pipeline-output.json', ...tables, 'crisi_aziendali.csv', 'riepilogo.html', 'riepilogo.md'].sort(),
    );
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
    const header = 'data,data_mese_prima,data_anno_prima,provincia,codice_provincia';
    const counts =
      'lavoratori,di_cui_permesso_a_rischio,lavoratori_mese_prima,di_cui_permesso_a_rischio_mese_prima,lavoratori_anno_prima,di_cui_permesso_a_rischio_anno_prima,soppresse';
    const csv = (t: string) =>
      readFileSync(path.join(out, `bacini_crisi_${t}.csv`), 'utf8')
        .trim()
        .split('\n');
    const d = '2025-06-30,2025-05-31,2024-06-30';
    expect(csv('provincia')).toEqual([
      `${header},${counts}`,
      `${d},BG,016,1,0,0,0,,,0`,
      `${d},MI,015,1,0,1,0,,,0`,
      `${d},TOTALE,,2,0,1,0,,,0`,
    ]);
    expect(csv('cittadinanza')).toEqual([
      `${header},cittadinanza,nome,${counts}`,
      `${d},BG,016,436,Marocco,1,0,0,0,,,0`,
      `${d},BG,016,TOTALE,,1,0,0,0,,,0`,
      `${d},MI,015,436,Marocco,1,0,1,0,,,0`,
      `${d},MI,015,TOTALE,,1,0,1,0,,,0`,
      `${d},TOTALE,,436,Marocco,2,0,1,0,,,0`,
      `${d},TOTALE,,TOTALE,,2,0,1,0,,,0`,
    ]);
    // both sexes, the women a zero
    expect(csv('sesso').filter((l) => l.includes(',MI,'))).toEqual([
      `${d},MI,015,M,1,0,1,0,,,0`,
      `${d},MI,015,F,0,0,0,0,,,0`,
      `${d},MI,015,TOTALE,1,0,1,0,,,0`,
    ]);
    const md = readFileSync(path.join(out, 'riepilogo.md'), 'utf8');
    expect(md).toContain('| Lavoratori nei bacini di crisi al 2025-06-30 | 2 |');
    expect(md).toContain('| Un mese prima (2025-05-31) | 1 |');
    expect(md).toContain('| Milano | 1 | 0 | 1 | 0 | n.d. | n.d. |');
    expect(md).toContain('| Bergamo | 1 | 0 | 0 | 0 | n.d. | n.d. |');
    expect(md).toContain('| Marocco | 1 | 1 | 2 |');
    expect(readFileSync(path.join(out, 'riepilogo.html'), 'utf8')).toContain('<h2>Per provincia</h2>');

    const suppressed = await runCli(['--db', db, 'crisis-basins', '--as-of', '2025-06-30', '--out', out], {});
    expect(suppressed.code).toBe(0);
    // every worker count is 1 or 2, below 5: withheld (empty, counted in soppresse); the zeros are shown
    expect(csv('provincia').slice(1)).toEqual([
      `${d},BG,016,,0,0,0,,,1`,
      `${d},MI,015,,0,,0,,,2`,
      `${d},TOTALE,,,0,,0,,,2`,
    ]);
    expect(readFileSync(path.join(out, 'riepilogo.md'), 'utf8')).toContain(
      '| Milano | n.p. | 0 | n.p. | 0 | n.d. | n.d. |',
    );
  });
});
