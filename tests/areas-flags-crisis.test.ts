import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readText, runCli, writeFile } from './helpers.js';
import { comm, scenarioDb, worker } from './scenarios.js';

// The mapping of the scenarios, as a region would supply it in --reference-dir:
// Milano and Rozzano are two CPIs of one ambito, Bergamo a CPI and an ambito of its
// own; Cinisello Balsamo (015077) is left out, so its rows are the ones not mapped.
const mapping =
  'codice_istat,denominazione,provincia,cpi_codice,cpi_nome,ambito_codice,ambito_nome,fonte\n' +
  '015146,Milano,MI,C-MI,CPI Milano,A-MI,Ambito Milano,test\n' +
  '015189,Rozzano,MI,C-SUD,CPI Rozzano,A-MI,Ambito Milano,test\n' +
  '016024,Bergamo,BG,C-BG,CPI Bergamo,A-BG,Ambito Bergamo,\n';
const MILANO = '015146';
const ROZZANO = '015189';
const BERGAMO = '016024';
const CINISELLO = '015077';

const referenceDir = (dir: string) => path.dirname(writeFile(dir, 'ref/aree_comuni.csv', mapping));
const lines = (file: string) => readText(file).trim().split('\n');

describe('flags --by cpi|ambito (A = 2025-03-31, W = [2025-03-31, 2025-06-29])', () => {
  // Worked out by hand from flags-and-basins.md: the area is that of the municipality of
  // the rapporto that gives the row its province.
  const rows = [
    // W1: Milano, ends in W: CONTRACT_ENDING in CPI C-MI
    comm(worker('W1'), { data_fine: '2025-05-31' }),
    // W2: Rozzano, ends in W: CONTRACT_ENDING in CPI C-SUD
    comm(worker('W2'), { sede_comune: ROZZANO, data_fine: '2025-05-31' }),
    // W3: Milano ends 2025-05-31, Bergamo 2025-06-15: the later one decides, so Bergamo (C-BG), section F
    comm(worker('W3'), { data_fine: '2025-05-31' }),
    comm(worker('W3'), {
      datore_id: 'DAT2',
      sede_comune: BERGAMO,
      datore_ateco: '41.20.00',
      data_inizio: '2025-02-01',
      data_fine: '2025-06-15',
    }),
    // W4: Cinisello Balsamo, ends in W: CONTRACT_ENDING, not mapped
    comm(worker('W4'), { sede_comune: CINISELLO, data_fine: '2025-05-31' }),
    // W5: open-ended in Milano, permit expired 2025-02-28: PERMIT_AT_RISK EXPIRED in C-MI
    comm(worker('W5', { scadenza_permesso: '2025-02-28' }), { tipo_contratto: 'A.01.00' }),
    // W6: last rapporto in Cinisello ended 2024-05-15, + 12 months = 2025-05-15 in W: ATTESA_OCCUPAZIONE_ENDING, not mapped
    comm(worker('W6'), { sede_comune: CINISELLO, data_inizio: '2024-01-02', data_fine: '2024-05-15' }),
  ];
  const A = '2025-03-31';

  it('gives each row the CPI of its municipality, sorted by CPI, and keeps and counts the rows not mapped', async () => {
    const { dir, db } = await scenarioDb(rows);
    const ref = referenceDir(dir);
    const out = path.join(dir, 'flags-cpi.csv');
    const run = await runCli(
      ['--db', db, '--reference-dir', ref, 'flags', '--as-of', A, '--by', 'cpi', '--out', out],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(lines(out)).toEqual([
      'lavoratore_id,flag,reason,provincia,comune,cpi_codice,cpi_nome,cittadinanza,fine_rapporto,scadenza_permesso,datore_ateco',
      `W3,CONTRACT_ENDING,,BG,${BERGAMO},C-BG,CPI Bergamo,436,2025-06-15,2026-12-31,F`,
      `W1,CONTRACT_ENDING,,MI,${MILANO},C-MI,CPI Milano,436,2025-05-31,2026-12-31,I`,
      `W5,PERMIT_AT_RISK,EXPIRED,MI,${MILANO},C-MI,CPI Milano,436,,2025-02-28,I`,
      `W2,CONTRACT_ENDING,,MI,${ROZZANO},C-SUD,CPI Rozzano,436,2025-05-31,2026-12-31,I`,
      // not in the mapping: kept, the area empty, last
      `W4,CONTRACT_ENDING,,MI,${CINISELLO},,,436,2025-05-31,2026-12-31,I`,
      `W6,PERMIT_AT_RISK,ATTESA_OCCUPAZIONE_ENDING,MI,${CINISELLO},,,436,2024-05-15,2026-12-31,I`,
    ]);
    expect(run.stdout).toContain('by CPI: 6 rows written');
    expect(run.stdout).toContain('  C-MI CPI Milano  PERMIT_AT_RISK EXPIRED: 1\n');
    expect(run.stdout).toContain('  -- (not mapped)  CONTRACT_ENDING: 1\n');
    // two rows, both of Cinisello Balsamo: one municipality
    expect(run.stdout).toContain('Not mapped to a CPI: 2 rows, 1 municipalities not in aree_comuni.csv');

    const json = await runCli(
      ['--db', db, '--reference-dir', ref, '--json', 'flags', '--as-of', A, '--by', 'cpi', '--out', out],
      {},
    );
    const result = JSON.parse(json.stdout);
    expect(result).toMatchObject({ ok: true, rows: 6, by: 'cpi', unmapped: { rows: 2, municipalities: 1 } });
    expect(result.counts).toEqual([
      { cpi_codice: 'C-BG', cpi_nome: 'CPI Bergamo', flag: 'CONTRACT_ENDING', reason: null, n: 1 },
      { cpi_codice: 'C-MI', cpi_nome: 'CPI Milano', flag: 'CONTRACT_ENDING', reason: null, n: 1 },
      { cpi_codice: 'C-MI', cpi_nome: 'CPI Milano', flag: 'PERMIT_AT_RISK', reason: 'EXPIRED', n: 1 },
      { cpi_codice: 'C-SUD', cpi_nome: 'CPI Rozzano', flag: 'CONTRACT_ENDING', reason: null, n: 1 },
      { cpi_codice: null, cpi_nome: null, flag: 'CONTRACT_ENDING', reason: null, n: 1 },
      { cpi_codice: null, cpi_nome: null, flag: 'PERMIT_AT_RISK', reason: 'ATTESA_OCCUPAZIONE_ENDING', n: 1 },
    ]);
  });

  it('by ambito: Milano and Rozzano are one ambito; by province the list is as it always was', async () => {
    const { dir, db } = await scenarioDb(rows);
    const ref = referenceDir(dir);
    const out = path.join(dir, 'flags-ambito.csv');
    const run = await runCli(
      ['--db', db, '--reference-dir', ref, 'flags', '--as-of', A, '--by', 'ambito', '--out', out],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    const [head, ...body] = lines(out);
    expect(head).toBe(
      'lavoratore_id,flag,reason,provincia,comune,ambito_codice,ambito_nome,cittadinanza,fine_rapporto,scadenza_permesso,datore_ateco',
    );
    expect(body.map((l) => l.split(',').slice(0, 2).concat(l.split(',').slice(5, 7)).join(' '))).toEqual([
      'W3 CONTRACT_ENDING A-BG Ambito Bergamo',
      'W1 CONTRACT_ENDING A-MI Ambito Milano',
      'W2 CONTRACT_ENDING A-MI Ambito Milano',
      'W5 PERMIT_AT_RISK A-MI Ambito Milano',
      'W4 CONTRACT_ENDING  ',
      'W6 PERMIT_AT_RISK  ',
    ]);
    expect(run.stdout).toContain('Not mapped to an ambito: 2 rows, 1 municipalities');

    // the default, with the same mapping given: the columns and the summary of the list by province
    const byProvince = path.join(dir, 'flags.csv');
    const plain = await runCli(['--db', db, '--reference-dir', ref, 'flags', '--as-of', A, '--out', byProvince], {});
    expect(plain.code).toBe(0);
    expect(lines(byProvince)[0]).toBe(
      'lavoratore_id,flag,reason,provincia,cittadinanza,fine_rapporto,scadenza_permesso,datore_ateco',
    );
    expect(
      lines(byProvince)
        .slice(1)
        .map((l) => l.split(',').slice(0, 4).join(' ')),
    ).toEqual([
      'W3 CONTRACT_ENDING  BG',
      'W1 CONTRACT_ENDING  MI',
      'W2 CONTRACT_ENDING  MI',
      'W4 CONTRACT_ENDING  MI',
      'W5 PERMIT_AT_RISK EXPIRED MI',
      'W6 PERMIT_AT_RISK ATTESA_OCCUPAZIONE_ENDING MI',
    ]);
    expect(plain.stdout).toBe(
      `Flags on ${A} (horizon 90 days): 6 rows written to ${byProvince}\n` +
        '  BG  CONTRACT_ENDING: 1\n' +
        '  MI  CONTRACT_ENDING: 3\n' +
        '  MI  PERMIT_AT_RISK ATTESA_OCCUPAZIONE_ENDING: 1\n' +
        '  MI  PERMIT_AT_RISK EXPIRED: 1\n',
    );
  });

  it('--by cpi without a mapping is a usage error (exit 2) that says where the mapping goes', async () => {
    const { dir, db } = await scenarioDb(rows.slice(0, 1));
    const out = path.join(dir, 'flags.csv');
    const run = await runCli(['--db', db, 'flags', '--as-of', A, '--by', 'cpi', '--out', out], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('aree_comuni.csv');
    expect(run.stderr).toContain('--reference-dir');
    expect(run.stderr).toContain('samples/reference');
    const basins = await runCli(['--db', db, 'crisis-basins', '--by', 'ambito', '--out', path.join(dir, 'b')], {});
    expect(basins.code).toBe(2);
    expect(basins.stderr).toContain('aree_comuni.csv');
    expect((await runCli(['--db', db, 'flags', '--by', 'comune', '--out', out], {})).code).toBe(2);
  });
});

describe('crisis-basins --by cpi (A = 2025-06-30, L = 12 months; a month before: 2025-05-31)', () => {
  // Unemployed non-EU workers on A whose last rapporto ended in [2024-06-30, 2025-06-30),
  // by the CPI of that rapporto's municipality; worked out by hand:
  //   C-BG: B4                      on A 1, a month before 1
  //   C-MI: B1, B2, B7              on A 3, a month before 3
  //   C-SUD: B3 (ends 2025-05-31: still employed a month before)   on A 1, a month before 0
  //   ?: B5, B6 (Cinisello)          on A 2, a month before 2; B6's permit is at risk on both dates
  //   region: 7, a month before 6. B8 is employed on A: out.
  const rows = [
    comm(worker('B1'), { data_inizio: '2025-01-02', data_fine: '2025-03-31' }),
    comm(worker('B2', { sesso: 'F' }), { data_inizio: '2025-01-02', data_fine: '2025-04-30' }),
    comm(worker('B3'), { sede_comune: ROZZANO, data_inizio: '2025-01-02', data_fine: '2025-05-31' }),
    comm(worker('B4'), { sede_comune: BERGAMO, data_inizio: '2025-01-02', data_fine: '2025-02-28' }),
    comm(worker('B5'), { sede_comune: CINISELLO, data_inizio: '2025-01-02', data_fine: '2025-03-31' }),
    // permit expiring 2025-06-15: expiring while unemployed on 2025-05-31, expired on A
    comm(worker('B6', { scadenza_permesso: '2025-06-15' }), {
      sede_comune: CINISELLO,
      data_inizio: '2025-01-02',
      data_fine: '2025-04-15',
    }),
    // Bergamo first, then Milano: the last rapporto is Milano's
    comm(worker('B7'), { datore_id: 'DAT2', sede_comune: BERGAMO, data_inizio: '2024-09-02', data_fine: '2025-01-31' }),
    comm(worker('B7'), { data_inizio: '2025-02-03', data_fine: '2025-05-15' }),
    comm(worker('B8'), { data_inizio: '2025-01-02', tipo_contratto: 'A.01.00' }),
  ];
  const A = '2025-06-30';
  // the data start in September 2024: a year before (2024-06-30) is not covered (empty)
  const d = '2025-06-30,2025-05-31,2024-06-30';
  const counts =
    'lavoratori,di_cui_permesso_a_rischio,lavoratori_mese_prima,di_cui_permesso_a_rischio_mese_prima,lavoratori_anno_prima,di_cui_permesso_a_rischio_anno_prima,soppresse';

  it('breaks the basins down by CPI, with the workers not mapped in the area ?, so the areas add up to the region', async () => {
    const { dir, db } = await scenarioDb(rows);
    const ref = referenceDir(dir);
    const out = path.join(dir, 'bacini-cpi');
    const run = await runCli(
      [
        '--db',
        db,
        '--reference-dir',
        ref,
        '--json',
        'crisis-basins',
        '--as-of',
        A,
        '--by',
        'cpi',
        '--min-cell',
        '1',
        '--out',
        out,
      ],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      by: 'cpi',
      unmapped: { workers: 2, municipalities: 1, codes: [CINISELLO] },
    });
    // the basins are decided on the province, the CPI and the ambito of each date; their
    // workers (the point-in-time models and the flag list) are computed once per date
    const workersOn = run.logs.filter((l) => l.msg === 'crisis basins: the workers in them materialized');
    expect(workersOn.map((l) => l.as_of)).toEqual([A, '2025-05-31', '2024-06-30']);
    const csv = (name: string) => lines(path.join(out, `${name}.csv`));
    expect(csv('bacini_crisi_cpi')).toEqual([
      `data,data_mese_prima,data_anno_prima,cpi_codice,cpi_nome,${counts}`,
      `${d},C-BG,CPI Bergamo,1,0,1,0,,,0`,
      `${d},C-MI,CPI Milano,3,0,3,0,,,0`,
      `${d},C-SUD,CPI Rozzano,1,0,0,0,,,0`,
      `${d},?,non mappato,2,1,2,1,,,0`,
      `${d},TOTALE,,7,1,6,1,,,0`,
    ]);
    // by sex: B2 is the one woman, in C-MI
    expect(csv('bacini_crisi_sesso').filter((l) => l.includes(',C-MI,'))).toEqual([
      `${d},C-MI,CPI Milano,M,2,0,2,0,,,0`,
      `${d},C-MI,CPI Milano,F,1,0,1,0,,,0`,
      `${d},C-MI,CPI Milano,TOTALE,3,0,3,0,,,0`,
    ]);
    const md = readFileSync(path.join(out, 'riepilogo.md'), 'utf8');
    expect(md).toContain('## Per centro per l’impiego');
    expect(md).toContain('| non mappato | 2 | 1 | 2 | 1 | n.d. | n.d. |');
    expect(md).toContain('| **Totale** | **7** | **1** | **6** | **1** | **n.d.** | **n.d.** |');
    expect(md).toContain('Non mappati al 2025-06-30: 2 lavoratori, con l’ultimo rapporto in 1 comuni');
    expect(md).toContain('`bacini_crisi_cpi`');

    // the same region by province: BG 1 (B4; B7's last rapporto is Milano's), MI 6, the same 7 in all
    const byProvince = path.join(dir, 'bacini');
    expect(
      (await runCli(['--db', db, 'crisis-basins', '--as-of', A, '--min-cell', '1', '--out', byProvince], {})).code,
    ).toBe(0);
    expect(lines(path.join(byProvince, 'bacini_crisi_provincia.csv')).slice(1)).toEqual([
      `${d},BG,016,1,0,1,0,,,0`,
      `${d},MI,015,6,1,5,1,,,0`,
      `${d},TOTALE,,7,1,6,1,,,0`,
    ]);
  });

  it('by ambito the same workers add up to the region; the default threshold withholds the small areas', async () => {
    const { dir, db } = await scenarioDb(rows);
    const ref = referenceDir(dir);
    const out = path.join(dir, 'bacini-ambito');
    const run = await runCli(
      [
        '--db',
        db,
        '--reference-dir',
        ref,
        'crisis-basins',
        '--as-of',
        A,
        '--by',
        'ambito',
        '--min-cell',
        '1',
        '--out',
        out,
      ],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Not mapped (area ?): 2 workers, 1 municipalities not in aree_comuni.csv');
    // A-MI: Milano's three and Rozzano's one
    expect(lines(path.join(out, 'bacini_crisi_ambito.csv')).slice(1)).toEqual([
      `${d},A-BG,Ambito Bergamo,1,0,1,0,,,0`,
      `${d},A-MI,Ambito Milano,4,0,3,0,,,0`,
      `${d},?,non mappato,2,1,2,1,,,0`,
      `${d},TOTALE,,7,1,6,1,,,0`,
    ]);
    // --min-cell 5: every area count from 1 to 4 is withheld, and the paragraph does not give it back
    expect(
      (
        await runCli(
          ['--db', db, '--reference-dir', ref, 'crisis-basins', '--as-of', A, '--by', 'ambito', '--out', out],
          {},
        )
      ).code,
    ).toBe(0);
    const withheld = lines(path.join(out, 'bacini_crisi_ambito.csv')).slice(1);
    for (const line of withheld.slice(0, 3)) expect(line.split(',')[5], line).toBe('');
    expect(readFileSync(path.join(out, 'riepilogo.md'), 'utf8')).toContain(
      'Non mappati al 2025-06-30: n.p. lavoratori',
    );
  });
});
