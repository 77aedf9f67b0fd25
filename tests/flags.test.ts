import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { coCsv, ingest, query, readText, runCli, tempDir, writeFile } from './helpers.js';
import { comm, correct, flagsFor, scenarioColumns, worker } from './scenarios.js';

// A = 2025-03-31, H = 90 days: W = [2025-03-31, 2025-06-29]. Every expected row below
// was worked out by hand from co-extract.md (R1-R9) and flags-and-basins.md.
const A = '2025-03-31';
const ending = (id: string, fine: string, extra: Partial<Record<string, string>> = {}) => ({
  lavoratore_id: id,
  flag: 'CONTRACT_ENDING',
  reason: '',
  provincia: 'MI',
  cittadinanza: '436',
  fine_rapporto: fine,
  scadenza_permesso: '2026-12-31',
  datore_ateco: 'I',
  ...extra,
});
const atRisk = (
  id: string,
  reason: string,
  fine: string,
  scadenza: string,
  extra: Partial<Record<string, string>> = {},
) => ({
  lavoratore_id: id,
  flag: 'PERMIT_AT_RISK',
  reason,
  provincia: 'MI',
  cittadinanza: '436',
  fine_rapporto: fine,
  scadenza_permesso: scadenza,
  datore_ateco: 'I',
  ...extra,
});

describe('flags: contract rules (R1-R5)', () => {
  it('R5: a fixed-term contract without a cessazione ends on its planned end (implied expiry)', async () => {
    const w = worker('W1');
    const { flags, db } = await flagsFor([comm(w, { data_fine: '2025-05-31' })], A);
    expect(flags).toEqual([ending('W1', '2025-05-31')]);
    expect((await runCli(['--db', db, 'build'], {})).code).toBe(0);
    expect(
      await query(
        db,
        `SELECT fine::VARCHAR AS fine, fine_prevista::VARCHAR AS prevista, data_cessazione,
                                   cessazione_implicita, iniziato_prima_dei_dati, gruppo_contratto FROM rapporti`,
      ),
    ).toEqual([
      {
        fine: '2025-05-31',
        prevista: '2025-05-31',
        data_cessazione: null,
        cessazione_implicita: true,
        iniziato_prima_dei_dati: false,
        gruppo_contratto: 'TD',
      },
    ]);
  });

  it('R4: a proroga moves the end out of the window', async () => {
    const w = worker('W2');
    const { flags } = await flagsFor(
      [
        comm(w, { data_fine: '2025-05-31' }),
        comm(w, { tipo_evento: 'PRO', data_invio: '2025-03-20', data_evento: '2025-03-21', data_fine: '2025-12-31' }),
      ],
      A,
    );
    expect(flags).toEqual([]);
  });

  it('point in time: a proroga sent after the as-of date does not remove the flag', async () => {
    const w = worker('W3');
    const rows = [
      comm(w, { data_fine: '2025-05-31' }),
      comm(w, { tipo_evento: 'PRO', data_invio: '2025-04-05', data_evento: '2025-04-06', data_fine: '2025-12-31' }),
    ];
    expect((await flagsFor(rows, A)).flags).toEqual([ending('W3', '2025-05-31')]);
    expect((await flagsFor(rows, '2025-04-10')).flags).toEqual([]);
  });

  it('R4: a transformation to open-ended (empty data_fine) ends nothing', async () => {
    const w = worker('W4');
    const { flags } = await flagsFor(
      [
        comm(w, { data_fine: '2025-05-31' }),
        comm(w, {
          tipo_evento: 'TRS',
          data_invio: '2025-03-01',
          data_evento: '2025-03-01',
          data_fine: '',
          tipo_contratto: 'A.01.00',
          codice_trasformazione: 'DI',
        }),
      ],
      A,
    );
    expect(flags).toEqual([]);
  });

  it('R1: a rettifica of the dates replaces what it corrects', async () => {
    const w = worker('W5');
    const hire = comm(w, { data_fine: '2025-12-31' });
    const { flags } = await flagsFor(
      [hire, correct(hire, 'RET', { data_invio: '2025-02-01', data_fine: '2025-05-31' })],
      A,
    );
    expect(flags).toEqual([ending('W5', '2025-05-31')]);
  });

  it('R1: an annullamento voids the whole chain', async () => {
    const w = worker('W7');
    const hire = comm(w, { data_fine: '2025-05-31' });
    const { flags } = await flagsFor([hire, correct(hire, 'ANN', { data_invio: '2025-01-03' })], A);
    expect(flags).toEqual([]);
  });

  it('R2: a hire repeated in two overlapping extracts is one rapporto and one flag', async () => {
    const w = worker('W8');
    const hire = comm(w, { data_fine: '2025-05-31' });
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const other = comm(worker('W8B'), { tipo_contratto: 'A.01.00' }); // open-ended: never flagged
    const files = [
      writeFile(dir, 'a.csv', coCsv([hire], { columns: scenarioColumns })),
      writeFile(dir, 'b.csv', coCsv([hire, other], { columns: scenarioColumns })),
    ];
    const run = await ingest(db, files, [], {});
    expect(run.results.map((r) => r.rows_repeated)).toEqual([0, 1]);
    const out = path.join(dir, 'flags.csv');
    expect((await runCli(['--db', db, 'flags', '--as-of', A, '--out', out], {})).code).toBe(0);
    expect(readText(out).trim().split('\n').slice(1)).toEqual(['W8,CONTRACT_ENDING,,MI,436,2025-05-31,2026-12-31,I']);
  });

  it('R3: a rapporto whose hire is not in the data is left-censored, and still counts', async () => {
    const w = worker('W9');
    const { flags } = await flagsFor(
      [
        comm(w, {
          tipo_evento: 'PRO',
          data_inizio: '2024-06-01',
          data_invio: '2025-01-10',
          data_evento: '2025-01-11',
          data_fine: '2025-05-31',
        }),
      ],
      A,
    );
    expect(flags).toEqual([ending('W9', '2025-05-31')]);
  });

  it('two parallel rapporti: flagged only when every active one ends in the window, dated by the last', async () => {
    const both = worker('W10');
    const oneOpen = worker('W11');
    const { flags } = await flagsFor(
      [
        comm(both, { data_fine: '2025-05-31' }),
        comm(both, {
          datore_id: 'DAT2',
          sede_comune: '016024',
          datore_ateco: '41.20.00',
          data_inizio: '2025-02-01',
          data_fine: '2025-06-15',
        }),
        comm(oneOpen, { data_fine: '2025-05-31' }),
        comm(oneOpen, { datore_id: 'DAT2', data_inizio: '2025-02-01', tipo_contratto: 'A.01.00' }),
      ],
      A,
    );
    expect(flags).toEqual([ending('W10', '2025-06-15', { provincia: 'BG', datore_ateco: 'F' })]);
  });

  it('window bounds: both ends of [A, A + H] are inside', async () => {
    const { flags } = await flagsFor(
      [
        comm(worker('WA'), { data_fine: '2025-03-31' }), // ends on A: active on A, in W
        comm(worker('WB'), { data_fine: '2025-06-29' }), // ends on A + 90
        comm(worker('WC'), { data_fine: '2025-06-30' }), // one day after W
        comm(worker('WD'), { data_fine: '2025-03-30' }), // ended before A: not active
      ],
      A,
    );
    expect(flags.filter((f) => f.flag === 'CONTRACT_ENDING').map((f) => [f.lavoratore_id, f.fine_rapporto])).toEqual([
      ['WA', '2025-03-31'],
      ['WB', '2025-06-29'],
    ]);
  });
});

describe('flags: citizenship and permits (R6, R9)', () => {
  it('R6: a Croatian worker is non-EU before 2013-07-01 and EU after', async () => {
    const croat2013 = worker('HR13', { cittadinanza: '250', scadenza_permesso: '2014-12-31' });
    const croat2014 = worker('HR14', {
      cittadinanza: '250',
      titolo_soggiorno: '',
      motivo_permesso: '',
      scadenza_permesso: '',
    });
    const y2013 = await flagsFor(
      [comm(croat2013, { data_inizio: '2013-03-01', data_fine: '2013-06-30' })],
      '2013-05-31',
    );
    expect(y2013.flags).toEqual([
      ending('HR13', '2013-06-30', { cittadinanza: '250', scadenza_permesso: '2014-12-31' }),
    ]);
    const y2014 = await flagsFor(
      [comm(croat2014, { data_inizio: '2014-03-01', data_fine: '2014-06-30' })],
      '2014-05-31',
    );
    expect(y2014.flags).toEqual([]);
  });

  it('free movement: a Swiss worker is flagged for the contract but skipped by permit rules', async () => {
    const swiss = worker('CH1', {
      cittadinanza: '241',
      titolo_soggiorno: '',
      motivo_permesso: '',
      scadenza_permesso: '',
    });
    const swissOut = worker('CH2', {
      cittadinanza: '241',
      titolo_soggiorno: '',
      motivo_permesso: '',
      scadenza_permesso: '',
    });
    const { flags } = await flagsFor(
      [
        comm(swiss, { data_fine: '2025-05-31' }),
        // ended 2024-05-15: 12 months of job seeking would end in W, but the Swiss need no permit
        comm(swissOut, { data_inizio: '2024-01-02', data_fine: '2024-05-15' }),
      ],
      A,
    );
    expect(flags).toEqual([ending('CH1', '2025-05-31', { cittadinanza: '241', scadenza_permesso: '' })]);
  });

  it('a renewal under way (document 3) is not EXPIRED', async () => {
    const renewing = worker('R3', { titolo_soggiorno: '3', scadenza_permesso: '2025-01-31' });
    const { flags } = await flagsFor([comm(renewing, { tipo_contratto: 'A.01.00' })], A);
    expect(flags).toEqual([]);
  });

  it('a long-term permit (document 7) skips permit rules, not the contract flag', async () => {
    const longTerm = worker('LT', { titolo_soggiorno: '7', motivo_permesso: 'CSST1', scadenza_permesso: '2025-01-31' });
    const { flags } = await flagsFor([comm(longTerm, { data_fine: '2025-05-31' })], A);
    expect(flags).toEqual([ending('LT', '2025-05-31', { scadenza_permesso: '2025-01-31' })]);
  });

  it('R9: placeholder dates are no known expiry', async () => {
    const waiting = worker('P4', { titolo_soggiorno: '4', scadenza_permesso: '1900-01-01' });
    const card = worker('P5', { titolo_soggiorno: '5', scadenza_permesso: '2099-12-31' });
    const { flags } = await flagsFor(
      [comm(waiting, { data_fine: '2025-05-31' }), comm(card, { tipo_contratto: 'A.01.00' })],
      A,
    );
    expect(flags).toEqual([ending('P4', '2025-05-31', { scadenza_permesso: '' })]);
  });

  it('R1: a rettifica of the permit is what counts', async () => {
    const w = worker('W6');
    const hire = comm(w, { tipo_contratto: 'A.01.00' });
    const { flags } = await flagsFor(
      [hire, correct(hire, 'RET', { data_invio: '2025-02-10', scadenza_permesso: '2025-01-31' })],
      A,
    );
    expect(flags).toEqual([atRisk('W6', 'EXPIRED', '', '2025-01-31')]);
  });
});

describe('flags: the four PERMIT_AT_RISK reasons, first that applies', () => {
  it('EXPIRED, EXPIRING_UNEMPLOYED, EXPIRING_CONTRACT_ENDING, ATTESA_OCCUPAZIONE_ENDING', async () => {
    const expired = worker('E1', { scadenza_permesso: '2025-02-28' });
    const expiredUnemployed = worker('E2', { scadenza_permesso: '2025-02-28' });
    const unemployed = worker('E3', { scadenza_permesso: '2025-05-15' });
    const ending2 = worker('E4', { scadenza_permesso: '2025-06-10' });
    const seeking = worker('E5');
    const seasonal = worker('E6', { motivo_permesso: 'LASTA' });
    const { flags, stdout } = await flagsFor(
      [
        comm(expired, { tipo_contratto: 'A.01.00' }),
        comm(expiredUnemployed, { data_inizio: '2024-09-01', data_fine: '2024-12-31' }),
        comm(unemployed, { data_inizio: '2024-09-01', data_fine: '2024-12-31' }),
        comm(ending2, { data_fine: '2025-05-31' }),
        comm(seeking, { data_inizio: '2024-01-02', data_fine: '2024-05-15' }),
        comm(seasonal, { data_inizio: '2024-01-02', data_fine: '2024-05-15' }),
      ],
      A,
    );
    expect(flags).toEqual([
      atRisk('E1', 'EXPIRED', '', '2025-02-28'),
      // expired and unemployed: EXPIRED comes first
      atRisk('E2', 'EXPIRED', '2024-12-31', '2025-02-28'),
      atRisk('E3', 'EXPIRING_UNEMPLOYED', '2024-12-31', '2025-05-15'),
      ending('E4', '2025-05-31', { scadenza_permesso: '2025-06-10' }),
      atRisk('E4', 'EXPIRING_CONTRACT_ENDING', '2025-05-31', '2025-06-10'),
      // ended 2024-05-15 + 12 months = 2025-05-15, in W; not for a seasonal permit (E6)
      atRisk('E5', 'ATTESA_OCCUPAZIONE_ENDING', '2024-05-15', '2026-12-31'),
    ]);
    expect(stdout).toContain('MI  PERMIT_AT_RISK EXPIRED: 2');
  });

  it('--job-seeking-months and --horizon-days change the window', async () => {
    const seeking = worker('E5');
    const rows = [comm(seeking, { data_inizio: '2024-01-02', data_fine: '2024-05-15' })];
    expect((await flagsFor(rows, A, ['--job-seeking-months', '6'])).flags).toEqual([]);
    expect((await flagsFor(rows, '2024-10-01', ['--job-seeking-months', '6', '--horizon-days', '60'])).flags).toEqual([
      atRisk('E5', 'ATTESA_OCCUPAZIONE_ENDING', '2024-05-15', '2026-12-31'),
    ]);
  });
});

describe('flags: output', () => {
  it('writes one row per worker and flag, owner-only, filtered by province, in csv, parquet or json', async () => {
    const rows = [
      comm(worker('M1'), { data_fine: '2025-05-31' }),
      comm(worker('B1'), { sede_comune: '016024', data_fine: '2025-05-31' }),
    ];
    const all = await flagsFor(rows, A);
    expect(all.flags.map((f) => [f.provincia, f.lavoratore_id])).toEqual([
      ['BG', 'B1'],
      ['MI', 'M1'],
    ]);
    expect(statSync(all.out).mode & 0o777).toBe(0o600);
    const bg = await flagsFor(rows, A, ['--province', 'bg']);
    expect(bg.flags.map((f) => f.lavoratore_id)).toEqual(['B1']);
    const json = path.join(all.dir, 'flags.json');
    const parquet = path.join(all.dir, 'flags.parquet');
    expect((await runCli(['--db', all.db, 'flags', '--as-of', A, '--format', 'json', '--out', json], {})).code).toBe(0);
    expect(
      (await runCli(['--db', all.db, 'flags', '--as-of', A, '--format', 'parquet', '--out', parquet], {})).code,
    ).toBe(0);
    expect(
      (JSON.parse(readText(json)) as { lavoratore_id: string; fine_rapporto: string }[]).map((r) => [
        r.lavoratore_id,
        r.fine_rapporto,
      ]),
    ).toEqual([
      ['B1', '2025-05-31'],
      ['M1', '2025-05-31'],
    ]);
    expect(statSync(parquet).mode & 0o777).toBe(0o600);
    expect(
      await query(
        all.db,
        `SELECT lavoratore_id, flag FROM read_parquet('${parquet.replaceAll("'", "''")}') ORDER BY 1`,
      ),
    ).toEqual([
      { lavoratore_id: 'B1', flag: 'CONTRACT_ENDING' },
      { lavoratore_id: 'M1', flag: 'CONTRACT_ENDING' },
    ]);
  });
});
