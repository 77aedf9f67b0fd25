import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CoRow, readText, runCli, tempDir, writeFile } from './helpers.js';
import { callCentreQuits, comm, italian, scenarioDb, worker } from './scenarios.js';

/**
 * Two employer units of 2025-H1, worked out by hand (length = end - start + 1):
 * DAT9 in Bergamo (call centre 82.20.00): six workers hired on 2025-02-01, dismissed (LI)
 *   on 2025-02-04 (4 days): 6 hires, none active on 1 January (6 >= 5 and 6 >= 2 x 1: many
 *   hires); 6 dismissals within 7 days, all of its 6 cessations (quick exits); no rapporto
 *   of at most 3 days (not "many very short").
 * DAT1 in Milano (restaurant): one worker with four fixed-term rapporti of 2 days, no CES
 *   (implied ends): 4 hires, 4 rapporti of 2 days of its 4 cessations: below the 5 events
 *   a pattern needs; with --employer-min 4, many hires (4 >= 2) and many very short ones.
 */
const rows: CoRow[] = [
  ...callCentreQuits('2025-02-04'),
  ...['01', '02', '03', '04'].map((m) =>
    comm(worker('R1'), { data_inizio: `2025-${m}-10`, data_fine: `2025-${m}-11` }),
  ),
  comm(italian('R7'), { data_inizio: '2025-06-20', tipo_contratto: 'A.01.00', datore_id: 'DAT3' }),
];

const header =
  'semestre,datore_id,provincia,codice_provincia,ateco_sezione,ateco_divisione,assunzioni,rapporti_attivi,cessazioni,cessazioni_rapide,rapporti_brevissimi,molte_assunzioni,uscite_rapide,molti_brevissimi';

describe('risk-employers: the owner-only list of employer units with a pattern', () => {
  it('lists DAT9 with its counts and patterns, and not DAT1, below the thresholds; the file is owner-only', async () => {
    const { db, dir } = await scenarioDb(rows);
    const out = path.join(dir, 'datori.csv');
    const run = await runCli(['--db', db, 'risk-employers', '--semester', '2025-H1', '--out', out], {});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readText(out).trim().split('\n')).toEqual([header, '2025-H1,DAT9,BG,016,N,82,6,0,6,6,0,true,true,false']);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(run.stdout).toContain('1 written to');
    expect(run.stdout).toContain('not for publication');
  });

  it('takes the thresholds as options: with --employer-min 4, DAT1 is in the list', async () => {
    const { db, dir } = await scenarioDb(rows);
    const out = path.join(dir, 'datori-4.json');
    const run = await runCli(
      ['--db', db, '--json', 'risk-employers', '--semester', '2025-H1', '--employer-min', '4', '--out', out],
      {},
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.thresholds.datore_min).toBe(4);
    expect(result.rows).toBe(2);
    const list = JSON.parse(readText(out)) as Record<string, unknown>[];
    // DAT9 now also has 0 rapporti of at most 3 days (4 days each): still two patterns
    expect(list.map((r) => [r.datore_id, r.molte_assunzioni, r.uscite_rapide, r.molti_brevissimi])).toEqual([
      ['DAT9', true, true, false],
      ['DAT1', true, false, true],
    ]);
  });

  it('--province keeps that province only; a bad semester or share is a usage error', async () => {
    const { db, dir } = await scenarioDb(rows);
    const out = path.join(dir, 'datori-mi.csv');
    const mi = await runCli(
      ['--db', db, 'risk-employers', '--semester', '2025-H1', '--province', 'mi', '--employer-min', '4', '--out', out],
      {},
    );
    expect(mi.code).toBe(0);
    expect(
      readText(out)
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1]),
    ).toEqual(['DAT1']);
    const bad = await runCli(['--db', db, 'risk-employers', '--semester', '2025-S1', '--out', out], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('YYYY-H1');
    const share = await runCli(
      ['--db', db, 'risk-employers', '--semester', '2025-H1', '--employer-share', '2', '--out', out],
      {},
    );
    expect(share.code).toBe(2);
  });

  it('--by cpi: a unit is an employer in a CPI of its workplace, with the CPI after the province; an unmapped one is in ?, counted', async () => {
    const { db, dir } = await scenarioDb(rows);
    // Bergamo (016024) is mapped, Milano (015146) is not
    const refs = tempDir();
    writeFile(
      refs,
      'aree_comuni.csv',
      'codice_istat,denominazione,provincia,cpi_codice,cpi_nome,ambito_codice,ambito_nome,fonte\n' +
        '016024,Bergamo,BG,BG1,CPI Bergamo,AMB-BG,Ambito Bergamo,test\n',
    );
    const out = path.join(dir, 'datori-cpi.csv');
    const run = await runCli(
      [
        '--db',
        db,
        '--reference-dir',
        refs,
        '--json',
        'risk-employers',
        '--semester',
        '2025-H1',
        '--by',
        'cpi',
        '--employer-min',
        '4',
        '--out',
        out,
      ],
      {},
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readText(out).trim().split('\n')).toEqual([
      'semestre,datore_id,provincia,codice_provincia,cpi_codice,cpi_nome,ateco_sezione,ateco_divisione,assunzioni,rapporti_attivi,cessazioni,cessazioni_rapide,rapporti_brevissimi,molte_assunzioni,uscite_rapide,molti_brevissimi',
      '2025-H1,DAT9,BG,016,BG1,CPI Bergamo,N,82,6,0,6,6,0,true,true,false',
      '2025-H1,DAT1,MI,015,?,non mappato,I,56,4,0,4,0,4,true,false,true', // last: not mapped
    ]);
    expect(JSON.parse(run.stdout).unmapped).toBe(1);
    // with no mapping at all, --by cpi is a usage error
    const none = await runCli(['--db', db, 'risk-employers', '--semester', '2025-H1', '--by', 'cpi', '--out', out], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('aree_comuni.csv');
  });
});
