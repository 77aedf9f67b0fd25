import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readText, runCli, writeFile } from './helpers.js';
import { markdownTable } from './reportMarkdown.js';
import { comm, scenarioDb, worker } from './scenarios.js';

/**
 * The labour-force section (ISTAT RCFL rates of foreigners and Italians): the latest
 * year loaded up to the report's, for each rate; ISTAT's age class of each rate;
 * Lombardy's own estimate, then the provinces; the gap in points; rates shown as ISTAT
 * publishes them. Every expected figure worked out by hand from the rows below.
 */
const occupazione = [
  'DATAFLOW,FREQ,REF_AREA,DATA_TYPE,SEX,AGE,EDU_LEV_HIGHEST,CITIZENSHIP,TIME_PERIOD,OBS_VALUE',
  ...[
    // Lombardy (ITC4), both sexes and men; 2022 is older than 2023, the latest up to 2025
    'ITC4,EMP_R,9,Y15-64,99,ITL,2022,69',
    'ITC4,EMP_R,9,Y15-64,99,ITL,2023,70.25',
    'ITC4,EMP_R,9,Y15-64,99,FRG,2023,61.5',
    'ITC4,EMP_R,9,Y15-64,99,TOTAL,2023,68.75',
    'ITC4,EMP_R,1,Y15-64,99,ITL,2023,76.5',
    'ITC4,EMP_R,1,Y15-64,99,FRG,2023,74.25',
    // Milano (ITC45): its 15-24 class is not the one of the employment rate
    'ITC45,EMP_R,9,Y15-64,99,ITL,2023,72.5',
    'ITC45,EMP_R,9,Y15-64,99,FRG,2023,66.125',
    'ITC45,EMP_R,9,Y15-24,99,FRG,2023,30',
    // Bergamo (ITC46): foreigners only
    'ITC46,EMP_R,9,Y15-64,99,FRG,2023,60',
  ].map((l) => `IT1:150_915_DF_DCCV_TAXOCCU1_5(1.0),A,${l}`),
].join('\n');
// Unemployment of 15 and over (no 15-74 class in this extract), Lombardy only, 2024.
const disoccupazione = [
  'DATAFLOW,FREQ,REF_AREA,DATA_TYPE,SEX,AGE,EDU_LEV_HIGHEST,CITIZENSHIP,DURATION_UNEMPLOYMENT,TIME_PERIOD,OBS_VALUE',
  ...['ITL,TOTAL,2024,3.5', 'FRG,TOTAL,2024,8.25'].map(
    (l) => `IT1:151_914_DF_DCCV_TAXDISOCCU1_8(1.0),A,ITC4,UNEM_R,9,Y_GE15,99,${l}`,
  ),
].join('\n');

async function reportOf(semester: string, province?: string) {
  const { dir, db } = await scenarioDb([
    comm(worker('A'), { data_inizio: '2025-02-01', data_fine: '2025-12-31', data_invio: '2025-01-31' }),
  ]);
  for (const [name, text] of [
    ['occupazione.csv', occupazione],
    ['disoccupazione.csv', disoccupazione],
  ]) {
    const run = await runCli(['--db', db, 'ingest', 'istat', writeFile(dir, name!, `${text}\n`)], {});
    expect(run.code, run.stderr).toBe(0);
  }
  const out = path.join(dir, `report-${semester}-${province ?? 'LOM'}`);
  const run = await runCli(
    [
      '--db',
      db,
      'report',
      'semiannual',
      '--semester',
      semester,
      ...(province ? ['--province', province] : []),
      '--allow-partial',
      '--out',
      out,
    ],
    {},
  );
  expect(run.code, run.stderr).toBe(0);
  return readText(path.join(out, 'report.md'));
}

describe('report section: labour-force rates of foreigners and Italians (ISTAT RCFL)', () => {
  it("shows Lombardy's latest rates with the gap in points, then each rate by province", async () => {
    const md = await reportOf('2025-H1');
    // employment of 2023, unemployment of 2024: each rate its own latest year
    expect(
      markdownTable(md, 'Lombardia: tassi di stranieri e italiani, ultimo anno disponibile per ciascun tasso'),
    ).toEqual([
      ['Indicatore', 'Anno', 'Stranieri (%)', 'Italiani (%)', 'Totale (%)', 'Divario stranieri − italiani (punti)'],
      // 61.5 - 70.25 = -8.75, shown -8,8; 68.75 shown 68,8
      ['Tasso di occupazione (15-64 anni)', '2023', '61,5%', '70,3%', '68,8%', '-8,8'],
      // men: 74.25 - 76.5 = -2.25; no total for men: n.d.
      ['Tasso di occupazione (15-64 anni), maschi', '2023', '74,3%', '76,5%', 'n.d.', '-2,3'],
      // the extract's class, 15 and over, written in the row: 8.25 - 3.5 = 4.75
      ['Tasso di disoccupazione (15 anni e più)', '2024', '8,3%', '3,5%', 'n.d.', '4,8'],
    ]);
    expect(markdownTable(md, 'Tasso di occupazione (15-64 anni) per provincia, anno 2023')).toEqual([
      ['Provincia', 'Stranieri (%)', 'Italiani (%)', 'Totale (%)', 'Divario stranieri − italiani (punti)'],
      ['Bergamo', '60,0%', 'n.d.', 'n.d.', 'n.d.'], // no Italians' rate: no gap
      ['Milano', '66,1%', '72,5%', 'n.d.', '-6,4'], // 66.125 - 72.5 = -6.375
      ['Lombardia (stima regionale)', '61,5%', '70,3%', '68,8%', '-8,8'],
    ]);
    // no province has an unemployment rate: no table of provinces for it
    expect(md).not.toContain('### Tasso di disoccupazione');
    expect(md).toContain('Fonte: ISTAT, RCFL');
    expect(md).toContain('il divario di una provincia piccola è indicativo');
    expect(md).toContain('charts/tasso-occupazione.svg');
  });

  it("shows a province's own rates in a province report, and the year when it is not the report's", async () => {
    const md = await reportOf('2025-H1', 'MI');
    expect(markdownTable(md, 'Milano: tassi di stranieri e italiani, anno 2023 (ultimo dato disponibile)')).toEqual([
      ['Indicatore', 'Anno', 'Stranieri (%)', 'Italiani (%)', 'Totale (%)', 'Divario stranieri − italiani (punti)'],
      ['Tasso di occupazione (15-64 anni)', '2023', '66,1%', '72,5%', 'n.d.', '-6,4'],
    ]);
    expect(md).not.toContain('per provincia, anno');
    expect(md).not.toContain('Lombardia (stima regionale)');
  });

  it('says in one paragraph, without tables, that no rate is loaded up to the report year', async () => {
    // 2021: the extracts start in 2022
    const md = await reportOf('2021-H2');
    const section = md.slice(md.indexOf('## Popolazione attiva'), md.indexOf('## Permessi di soggiorno'));
    expect(section).toContain(
      'Nessun tasso annuale della Rilevazione sulle forze di lavoro ISTAT (RCFL) caricato fino al 2021.',
    );
    expect(section).not.toContain('###');
  });
});
