import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CoRow, readText, runCli, tempDir, writeFile } from './helpers.js';
import { callCentreQuits, comm, italian, scenarioDb, worker } from './scenarios.js';

/**
 * The risk indicators of 2025-H1 by CPI, worked out by hand. The mapping has Milano
 * (015146) in CPI MI1 and neither Bergamo (016024) nor Rho (015182).
 * R1, Morocco (NUE), Milano restaurant (I): four fixed-term rapporti of 2 days, implied
 *   ends: 4 activations, 4 cessations within 3 days, one worker with many short
 *   rapporti, one pair with repeated ones.
 * R7, Italian, Milano: hired open-ended on 2025-06-20 (I).
 * R8, Morocco, Rho restaurant: hired open-ended on 2025-03-01: Milano province, area ?.
 * Q1..Q6, Italian, Bergamo call centre (N): hired 2025-02-01, dismissed on 2025-02-03
 *   (3 days each): Bergamo province, area ?.
 */
const rows: CoRow[] = [
  ...['01', '02', '03', '04'].map((m) =>
    comm(worker('R1'), { data_inizio: `2025-${m}-10`, data_fine: `2025-${m}-11` }),
  ),
  comm(italian('R7'), { data_inizio: '2025-06-20', tipo_contratto: 'A.01.00', datore_id: 'DAT3' }),
  comm(worker('R8'), {
    data_inizio: '2025-03-01',
    tipo_contratto: 'A.01.00',
    datore_id: 'DAT8',
    sede_comune: '015182',
  }),
  ...callCentreQuits('2025-02-03'),
];

const mapping =
  'codice_istat,denominazione,provincia,cpi_codice,cpi_nome,ambito_codice,ambito_nome,fonte\n' +
  '015146,Milano,MI,MI1,CPI Milano,AMB-MI,Ambito Milano,test\n';

// the columns after the key: the 13 counts of indicatori_rischio, comuni_non_mappati, soppressa
const measures = [
  'cessazioni',
  'cessazioni_entro_1_giorno',
  'cessazioni_entro_3_giorni',
  'lavoratori_molti_brevi',
  'coppie_brevi_ripetute',
  'attivazioni',
  'attivazioni_intermittenti',
  'attivazioni_domestiche',
  'attivazioni_agricole_stagionali',
  'attivazioni_permesso_stagionale',
  'attivazioni_donne',
  'part_time_uomini',
  'part_time_donne',
  'comuni_non_mappati',
];
const counts = (c: Partial<Record<string, number>>) => measures.map((m) => String(c[m] ?? 0)).join(',');

describe('risk-indicators --by cpi: the indicators by employment centre', () => {
  it('counts each event in the CPI of its workplace, and an unmapped municipality in ?, counted', async () => {
    const { db, dir } = await scenarioDb(rows);
    const refs = tempDir();
    writeFile(refs, 'aree_comuni.csv', mapping);
    const out = path.join(dir, 'rischio-cpi');
    const args = [
      '--db',
      db,
      '--reference-dir',
      refs,
      '--json',
      'risk-indicators',
      '--semester',
      '2025-H1',
      '--by',
      'cpi',
    ];
    const run = await runCli([...args, '--min-cell', '1', '--out', out], {});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = readText(path.join(out, 'indicatori_rischio_cpi.csv')).trim().split('\n');
    expect(lines[0]).toBe(
      `semestre,provincia,codice_provincia,cpi_codice,cpi_nome,ateco_sezione,gruppo_cittadinanza,${measures.join(',')},soppressa`,
    );
    expect(lines.slice(1)).toEqual([
      `2025-H1,BG,016,?,non mappato,N,ITA,${counts({ cessazioni: 6, cessazioni_entro_3_giorni: 6, attivazioni: 6, comuni_non_mappati: 1 })},false`, // Q1..Q6
      `2025-H1,MI,015,?,non mappato,I,NUE,${counts({ attivazioni: 1, comuni_non_mappati: 1 })},false`, // R8 in Rho
      `2025-H1,MI,015,MI1,CPI Milano,I,ITA,${counts({ attivazioni: 1 })},false`, // R7
      `2025-H1,MI,015,MI1,CPI Milano,I,NUE,${counts({ cessazioni: 4, cessazioni_entro_3_giorni: 4, lavoratori_molti_brevi: 1, coppie_brevi_ripetute: 1, attivazioni: 4 })},false`, // R1
    ]);
    // Bergamo and Rho: 7 activations (Q1..Q6, R8) and 6 cessations
    expect(JSON.parse(run.stdout).unmapped).toEqual({ municipalities: 2, attivazioni: 7, cessazioni: 6 });

    // with the default threshold the small counts are withheld: R1's four cessations, the one worker...
    const closed = path.join(dir, 'rischio-cpi-5');
    const run5 = await runCli([...args, '--out', closed], {});
    expect(run5.code).toBe(0);
    const r1 = readText(path.join(closed, 'indicatori_rischio_cpi.csv'))
      .trim()
      .split('\n')
      .find((l) => l.includes('MI1,CPI Milano,I,NUE'))!
      .split(',');
    expect(r1.slice(7, 12)).toEqual(['', '0', '', '', '']); // cessazioni 4, within 1 day 0, within 3 days 4, 1, 1
    expect(r1.at(-1)).toBe('true');
    expect(JSON.parse(run5.stdout).suppressed).toBeGreaterThan(0);
  });

  it('refuses --by provincia (the ORIM table is by province) and --by cpi without a mapping', async () => {
    const { db, dir } = await scenarioDb(rows);
    const out = path.join(dir, 'x');
    const province = await runCli(
      ['--db', db, 'risk-indicators', '--semester', '2025-H1', '--by', 'provincia', '--out', out],
      {},
    );
    expect(province.code).toBe(2);
    expect(province.stderr).toContain('indicatori_rischio');
    const none = await runCli(
      ['--db', db, 'risk-indicators', '--semester', '2025-H1', '--by', 'cpi', '--out', out],
      {},
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('aree_comuni.csv');
  });
});
