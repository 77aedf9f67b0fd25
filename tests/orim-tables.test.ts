import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { openDatabase } from '../src/db/openDatabase.js';
import {
  orimTable,
  orimTableDefinition,
  orimTableDefinitions,
  parseSemester,
  runTableTests,
} from '../src/marts/orimTables.js';
import { coCsv, runCli, tempDir, writeFile } from './helpers.js';
import { comm, scenarioColumns, scenarioDb, worker } from './scenarios.js';

const logger = pino({ level: 'silent' });

describe('ORIM tables (schema version 2)', () => {
  it('counts flows, stock and non-EU citizenships of a semester (worked by hand)', async () => {
    // 2025-H1 = 2025-01-01 .. 2025-06-30.
    const w1 = worker('W1', { data_nascita: '1990-05-01' }); // Morocco, M: 34 in 2025-H1
    const w2 = worker('W2', {
      cittadinanza: '000',
      sesso: 'F',
      data_nascita: '1980-03-15',
      titolo_soggiorno: '',
      motivo_permesso: '',
      scadenza_permesso: '',
    });
    const w3 = worker('W3', {
      cittadinanza: '235',
      data_nascita: '2000-01-10',
      titolo_soggiorno: '',
      motivo_permesso: '',
      scadenza_permesso: '',
    });
    const w4 = worker('W4', { sesso: 'F', data_nascita: '1995-06-01' });
    const rows = [
      // W1: fixed-term hire in the semester, ending on its planned end in the semester (implied cessation)
      comm(w1, { data_inizio: '2025-02-01', data_fine: '2025-04-30' }),
      // W2: hired in 2024, transformed to open-ended on 2025-03-01 (code DI): counted once, in
      // the TI row (trasformazioni_ti 1); saldo +1 in TI and -1 in TD (the group it leaves)
      comm(w2, { data_inizio: '2024-10-01', data_fine: '2025-09-30' }),
      comm(w2, {
        tipo_evento: 'TRS',
        data_inizio: '2024-10-01',
        data_invio: '2025-03-01',
        data_evento: '2025-03-01',
        data_fine: '',
        tipo_contratto: 'A.01.00',
        codice_trasformazione: 'DI',
      }),
      // W3: open-ended hire in Bergamo, construction, resigned on 2025-05-10
      comm(w3, {
        data_inizio: '2025-01-15',
        tipo_contratto: 'A.01.00',
        sede_comune: '016024',
        datore_ateco: '41.20.00',
        datore_id: 'DAT3',
      }),
      comm(w3, {
        tipo_evento: 'CES',
        data_inizio: '2025-01-15',
        data_invio: '2025-05-12',
        data_evento: '2025-05-10',
        motivo_cessazione: 'DI',
        tipo_contratto: 'A.01.00',
        sede_comune: '016024',
        datore_ateco: '41.20.00',
        datore_id: 'DAT3',
      }),
      // W4: a proroga in the semester of a rapporto hired before the data
      comm(w4, {
        tipo_evento: 'PRO',
        data_inizio: '2024-06-01',
        data_invio: '2025-02-10',
        data_evento: '2025-02-10',
        data_fine: '2025-12-31',
      }),
    ];
    const db = await openPipelineDb((await scenarioDb(rows)).db);
    try {
      const h1 = parseSemester('2025-H1');
      const num = (r: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            /^-?\d+$/.test(String(v)) && k !== 'codice_provincia' && k !== 'cittadinanza' ? Number(v) : v,
          ]),
        );
      const zero = {
        attivazioni: 0,
        cessazioni_comunicate: 0,
        cessazioni_a_termine: 0,
        cessazioni: 0,
        proroghe: 0,
        trasformazioni_ti: 0,
        saldo: 0,
      };
      const key = { semestre: '2025-H1' };
      const bg = { ...key, provincia: 'BG', codice_provincia: '016' };
      const mi = { ...key, provincia: 'MI', codice_provincia: '015' };
      // The events: W3 (UE, M, 25, BG, F, TI) hired and resigned; W2 (ITA, F, 44, MI, I) DI from
      // TD to TI; W1 (NUE, M, 34, MI, I, TD) hired and ended on its planned end; W4 (NUE, F, 29,
      // MI, I, TD) a proroga. Each table sums them over the breakdowns it does not have.
      expect((await orimTable(db, 'co_flussi_contratto', h1, logger)).map(num)).toEqual([
        {
          ...bg,
          gruppo_cittadinanza: 'UE',
          gruppo_contratto: 'TI',
          ...zero,
          trasformazioni_uscite: 0,
          attivazioni: 1,
          cessazioni_comunicate: 1,
          cessazioni: 1,
        },
        // W2 leaves TD (trasformazioni_uscite 1, saldo 0 - 0 + 0 - 1 = -1) and enters TI (saldo +1)
        { ...mi, gruppo_cittadinanza: 'ITA', gruppo_contratto: 'TD', ...zero, trasformazioni_uscite: 1, saldo: -1 },
        {
          ...mi,
          gruppo_cittadinanza: 'ITA',
          gruppo_contratto: 'TI',
          ...zero,
          trasformazioni_uscite: 0,
          trasformazioni_ti: 1,
          saldo: 1,
        },
        // W1 and W4 together: 1 activation, 1 cessation at term, 1 proroga; saldo 1 - 1 = 0
        {
          ...mi,
          gruppo_cittadinanza: 'NUE',
          gruppo_contratto: 'TD',
          ...zero,
          trasformazioni_uscite: 0,
          attivazioni: 1,
          cessazioni_a_termine: 1,
          cessazioni: 1,
          proroghe: 1,
        },
      ]);
      expect((await orimTable(db, 'co_flussi_settore', h1, logger)).map(num)).toEqual([
        {
          ...bg,
          gruppo_cittadinanza: 'UE',
          ateco_sezione: 'F',
          ...zero,
          attivazioni: 1,
          cessazioni_comunicate: 1,
          cessazioni: 1,
        },
        // over the contract groups W2's move nets out: saldo = attivazioni - cessazioni = 0
        { ...mi, gruppo_cittadinanza: 'ITA', ateco_sezione: 'I', ...zero, trasformazioni_ti: 1 },
        {
          ...mi,
          gruppo_cittadinanza: 'NUE',
          ateco_sezione: 'I',
          ...zero,
          attivazioni: 1,
          cessazioni_a_termine: 1,
          cessazioni: 1,
          proroghe: 1,
        },
      ]);
      expect((await orimTable(db, 'co_flussi_anagrafica', h1, logger)).map(num)).toEqual([
        {
          ...bg,
          gruppo_cittadinanza: 'UE',
          sesso: 'M',
          classe_eta: '25-34',
          ...zero,
          attivazioni: 1,
          cessazioni_comunicate: 1,
          cessazioni: 1,
        },
        { ...mi, gruppo_cittadinanza: 'ITA', sesso: 'F', classe_eta: '35-44', ...zero, trasformazioni_ti: 1 },
        { ...mi, gruppo_cittadinanza: 'NUE', sesso: 'F', classe_eta: '25-34', ...zero, proroghe: 1 },
        {
          ...mi,
          gruppo_cittadinanza: 'NUE',
          sesso: 'M',
          classe_eta: '25-34',
          ...zero,
          attivazioni: 1,
          cessazioni_a_termine: 1,
          cessazioni: 1,
        },
      ]);
      // Active on 2025-06-30: W2's rapporto (now TI) and W4's (TD, extended to 2025-12-31);
      // W1's and W3's ended. Age on that day: W2 45 (born 1980-03-15), W4 30 (born 1995-06-01).
      const day = { data: '2025-06-30', provincia: 'MI', codice_provincia: '015' };
      const one = { rapporti_attivi: 1, lavoratori_attivi: 1 };
      expect((await orimTable(db, 'co_stock_contratto', h1, logger)).map(num)).toEqual([
        { ...day, gruppo_cittadinanza: 'ITA', gruppo_contratto: 'TI', ...one },
        { ...day, gruppo_cittadinanza: 'NUE', gruppo_contratto: 'TD', ...one },
      ]);
      expect((await orimTable(db, 'co_stock_settore', h1, logger)).map(num)).toEqual([
        { ...day, gruppo_cittadinanza: 'ITA', ateco_sezione: 'I', ...one },
        { ...day, gruppo_cittadinanza: 'NUE', ateco_sezione: 'I', ...one },
      ]);
      expect((await orimTable(db, 'co_stock_anagrafica', h1, logger)).map(num)).toEqual([
        { ...day, gruppo_cittadinanza: 'ITA', sesso: 'F', classe_eta: '45-54', ...one },
        { ...day, gruppo_cittadinanza: 'NUE', sesso: 'F', classe_eta: '25-34', ...one },
      ]);
      expect((await orimTable(db, 'co_cittadinanze', h1, logger)).map(num)).toEqual([
        {
          semestre: '2025-H1',
          provincia: 'MI',
          codice_provincia: '015',
          cittadinanza: '436',
          nome: 'Marocco',
          attivazioni: 1,
          cessazioni: 1,
          saldo: 0,
        },
      ]);
    } finally {
      db.close();
    }
  });

  it('counts a rapporto ended by two cessazioni once, and transformations to open-ended once, in the TI row (worked by hand)', async () => {
    // A user code list adds a transformation ZI in a group of the ministry's <FROM>_TI form
    // that is neither TD_TI nor AP_TI: it leaves ALTRO.
    const dir = tempDir();
    const refDir = path.join(dir, 'ref');
    writeFile(
      dir,
      'ref/codici_trasformazione.csv',
      'codice,descrizione,gruppo,fonte\nZI,Da altro contratto a tempo indeterminato,ALTRO_TI,test\n',
    );
    const TI = 'A.01.00';
    const k1 = worker('K1'); // Morocco, M, born 1990-05-01: 34 on 2025-03-10
    const k2 = worker('K2', { sesso: 'F', data_nascita: '1995-06-01' }); // 29 on 2025-01-20, 30 on 2025-06-20
    const k3 = worker('K3', {
      cittadinanza: '000',
      sesso: 'F',
      data_nascita: '1980-03-15',
      titolo_soggiorno: '',
      motivo_permesso: '',
      scadenza_permesso: '',
    }); // 44
    const k4 = worker('K4', { data_nascita: '2000-01-10' }); // 25 on 2025-04-01
    const k5 = worker('K5', { sesso: 'F', data_nascita: '1988-07-01' }); // 36 on 2025-05-15
    const BG = { sede_comune: '016024' };
    const rows = [
      // K1: open-ended since 2024; a part-time change (PP: not to open-ended, not counted);
      // a CES on 2025-03-10 in Milano, then a second CES on 2025-04-02 in Bergamo (not a RET
      // or ANN). R5: the earliest decides: one cessation, 2025-03-10, Milano (that CES's province).
      comm(k1, { data_inizio: '2024-11-01', tipo_contratto: TI }),
      comm(k1, {
        tipo_evento: 'TRS',
        data_inizio: '2024-11-01',
        data_invio: '2025-01-15',
        data_evento: '2025-01-15',
        tipo_contratto: TI,
        codice_trasformazione: 'PP',
      }),
      comm(k1, {
        tipo_evento: 'CES',
        data_inizio: '2024-11-01',
        data_invio: '2025-03-11',
        data_evento: '2025-03-10',
        motivo_cessazione: 'DI',
        tipo_contratto: TI,
      }),
      comm(k1, {
        tipo_evento: 'CES',
        data_inizio: '2024-11-01',
        data_invio: '2025-04-03',
        data_evento: '2025-04-02',
        motivo_cessazione: 'LI',
        tipo_contratto: TI,
        ...BG,
      }),
      // K2: hired 2025-01-20; CES on 2025-06-20 and again on 2025-07-05: one cessation, in 2025-H1; none in 2025-H2
      comm(k2, { data_inizio: '2025-01-20', tipo_contratto: TI }),
      comm(k2, {
        tipo_evento: 'CES',
        data_inizio: '2025-01-20',
        data_invio: '2025-06-21',
        data_evento: '2025-06-20',
        motivo_cessazione: 'DI',
        tipo_contratto: TI,
      }),
      comm(k2, {
        tipo_evento: 'CES',
        data_inizio: '2025-01-20',
        data_invio: '2025-07-06',
        data_evento: '2025-07-05',
        motivo_cessazione: 'DI',
        tipo_contratto: TI,
      }),
      // K3 (Italian): fixed-term, DI to open-ended on 2025-03-01 (TD_TI)
      comm(k3, { data_inizio: '2024-10-01', data_fine: '2025-09-30' }),
      comm(k3, {
        tipo_evento: 'TRS',
        data_inizio: '2024-10-01',
        data_invio: '2025-03-01',
        data_evento: '2025-03-01',
        data_fine: '',
        tipo_contratto: TI,
        codice_trasformazione: 'DI',
      }),
      // K4: apprentice in Bergamo, AI to open-ended on 2025-04-01 (AP_TI)
      comm(k4, { data_inizio: '2024-09-01', data_fine: '2027-08-31', tipo_contratto: 'A.03.00', ...BG }),
      comm(k4, {
        tipo_evento: 'TRS',
        data_inizio: '2024-09-01',
        data_invio: '2025-04-01',
        data_evento: '2025-04-01',
        data_fine: '',
        tipo_contratto: TI,
        codice_trasformazione: 'AI',
        ...BG,
      }),
      // K5: traineeship (ALTRO), ZI to open-ended on 2025-05-15 (ALTRO_TI)
      comm(k5, { data_inizio: '2024-12-01', data_fine: '2025-11-30', tipo_contratto: 'C.01.00' }),
      comm(k5, {
        tipo_evento: 'TRS',
        data_inizio: '2024-12-01',
        data_invio: '2025-05-15',
        data_evento: '2025-05-15',
        data_fine: '',
        tipo_contratto: TI,
        codice_trasformazione: 'ZI',
      }),
    ];
    const dbPath = path.join(dir, 'co.duckdb');
    const loaded = await runCli([
      '--db',
      dbPath,
      '--reference-dir',
      refDir,
      'ingest',
      'co',
      '--json',
      writeFile(dir, 'extract.csv', coCsv(rows, { columns: scenarioColumns })),
    ]);
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout).files[0]).toMatchObject({ rows_rejected: 0, warnings: [] });
    const db = await openPipelineDb(dbPath, refDir);
    try {
      const num = (r: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            /^-?\d+$/.test(String(v)) && k !== 'codice_provincia' && k !== 'cittadinanza' ? Number(v) : v,
          ]),
        );
      const sem = parseSemester('2025-H1');
      const contratto = (await orimTable(db, 'co_flussi_contratto', sem, logger)).map(num);
      const settore = (await orimTable(db, 'co_flussi_settore', sem, logger)).map(num);
      const anagrafica = (await orimTable(db, 'co_flussi_anagrafica', sem, logger)).map(num);
      const zero = {
        attivazioni: 0,
        cessazioni_comunicate: 0,
        cessazioni_a_termine: 0,
        cessazioni: 0,
        proroghe: 0,
        trasformazioni_ti: 0,
        saldo: 0,
      };
      const mi = { semestre: '2025-H1', provincia: 'MI', codice_provincia: '015' };
      const bg = { ...mi, provincia: 'BG', codice_provincia: '016' };
      // Every event is in ATECO I. K4 (NUE, M, 25, BG): AI from AP; K3 (ITA, F, 44, MI): DI from
      // TD; K2 (NUE, F, 29, MI, TI): hired and ended once (two CES); K5 (NUE, F, 36, MI): ZI
      // (ALTRO_TI) from ALTRO; K1 (NUE, M, 34, MI, TI): one cessation for two CES, in Milano.
      expect(contratto).toEqual([
        { ...bg, gruppo_cittadinanza: 'NUE', gruppo_contratto: 'AP', ...zero, trasformazioni_uscite: 1, saldo: -1 },
        {
          ...bg,
          gruppo_cittadinanza: 'NUE',
          gruppo_contratto: 'TI',
          ...zero,
          trasformazioni_uscite: 0,
          trasformazioni_ti: 1,
          saldo: 1,
        },
        { ...mi, gruppo_cittadinanza: 'ITA', gruppo_contratto: 'TD', ...zero, trasformazioni_uscite: 1, saldo: -1 },
        {
          ...mi,
          gruppo_cittadinanza: 'ITA',
          gruppo_contratto: 'TI',
          ...zero,
          trasformazioni_uscite: 0,
          trasformazioni_ti: 1,
          saldo: 1,
        },
        { ...mi, gruppo_cittadinanza: 'NUE', gruppo_contratto: 'ALTRO', ...zero, trasformazioni_uscite: 1, saldo: -1 },
        // K2, K5 (into TI) and K1: 1 activation, 2 cessations, 1 transformation in: 1 - 2 + 1 - 0 = 0
        {
          ...mi,
          gruppo_cittadinanza: 'NUE',
          gruppo_contratto: 'TI',
          ...zero,
          trasformazioni_uscite: 0,
          attivazioni: 1,
          cessazioni_comunicate: 2,
          cessazioni: 2,
          trasformazioni_ti: 1,
          saldo: 0,
        },
      ]);
      expect(settore).toEqual([
        { ...bg, gruppo_cittadinanza: 'NUE', ateco_sezione: 'I', ...zero, trasformazioni_ti: 1 },
        { ...mi, gruppo_cittadinanza: 'ITA', ateco_sezione: 'I', ...zero, trasformazioni_ti: 1 },
        // K2, K5, K1: saldo = 1 - 2
        {
          ...mi,
          gruppo_cittadinanza: 'NUE',
          ateco_sezione: 'I',
          ...zero,
          attivazioni: 1,
          cessazioni_comunicate: 2,
          cessazioni: 2,
          trasformazioni_ti: 1,
          saldo: -1,
        },
      ]);
      expect(anagrafica).toEqual([
        { ...bg, gruppo_cittadinanza: 'NUE', sesso: 'M', classe_eta: '25-34', ...zero, trasformazioni_ti: 1 },
        { ...mi, gruppo_cittadinanza: 'ITA', sesso: 'F', classe_eta: '35-44', ...zero, trasformazioni_ti: 1 },
        {
          ...mi,
          gruppo_cittadinanza: 'NUE',
          sesso: 'F',
          classe_eta: '25-34',
          ...zero,
          attivazioni: 1,
          cessazioni_comunicate: 1,
          cessazioni: 1,
        },
        { ...mi, gruppo_cittadinanza: 'NUE', sesso: 'F', classe_eta: '35-44', ...zero, trasformazioni_ti: 1 },
        {
          ...mi,
          gruppo_cittadinanza: 'NUE',
          sesso: 'M',
          classe_eta: '25-34',
          ...zero,
          cessazioni_comunicate: 1,
          cessazioni: 1,
          saldo: -1,
        },
      ]);
      // K2's second CES (2025-07-05) is not a cessation of 2025-H2: nothing happened then
      for (const name of ['co_flussi_contratto', 'co_flussi_settore', 'co_flussi_anagrafica']) {
        expect(await orimTable(db, name, parseSemester('2025-H2'), logger), name).toEqual([]);
      }
      // non-EU citizenships: Morocco, K1 and K2 ended once each; K2 hired
      expect((await orimTable(db, 'co_cittadinanze', parseSemester('2025-H1'), logger)).map(num)).toEqual([
        {
          semestre: '2025-H1',
          provincia: 'MI',
          codice_provincia: '015',
          cittadinanza: '436',
          nome: 'Marocco',
          attivazioni: 1,
          cessazioni: 2,
          saldo: -1,
        },
      ]);

      // Summed over any breakdown, trasformazioni_ti gives the 3 transformations to open-ended
      // (DI, AI, ZI; not PP) in every table; the three tables share their margins by
      // semestre x provincia x gruppo_cittadinanza; over the contract groups saldo =
      // attivazioni - cessazioni.
      const sumBy = (rows: Record<string, unknown>[], dims: string[], m: string) => {
        const out = new Map<string, number>();
        for (const r of rows) {
          const k = dims.map((d) => r[d]).join('|');
          out.set(k, (out.get(k) ?? 0) + Number(r[m]));
        }
        return Object.fromEntries(out);
      };
      for (const rows of [contratto, settore, anagrafica]) {
        expect(sumBy(rows, [], 'trasformazioni_ti')).toEqual({ '': 3 });
        expect(sumBy(rows, ['provincia'], 'trasformazioni_ti')).toEqual({ BG: 1, MI: 2 });
        expect(sumBy(rows, ['gruppo_cittadinanza'], 'trasformazioni_ti')).toEqual({ NUE: 2, ITA: 1 });
        expect(sumBy(rows, [], 'saldo')).toEqual({ '': 1 - 2 }); // 1 activation, 2 cessations
        for (const m of ['attivazioni', 'cessazioni', 'saldo']) {
          expect(sumBy(rows, ['provincia', 'gruppo_cittadinanza'], m), m).toEqual(
            sumBy(contratto, ['provincia', 'gruppo_cittadinanza'], m),
          );
        }
      }
      expect(sumBy(anagrafica, ['sesso'], 'trasformazioni_ti')).toEqual({ M: 1, F: 2 });
      expect(sumBy(anagrafica, ['classe_eta'], 'trasformazioni_ti')).toEqual({ '25-34': 1, '35-44': 2 });
      expect(sumBy(contratto, ['gruppo_contratto'], 'trasformazioni_ti')).toEqual({ AP: 0, TI: 3, TD: 0, ALTRO: 0 });
      expect(sumBy(contratto, ['gruppo_contratto'], 'trasformazioni_uscite')).toEqual({
        AP: 1,
        TI: 0,
        TD: 1,
        ALTRO: 1,
      });
      expect(sumBy(contratto, ['gruppo_contratto'], 'saldo')).toEqual({ AP: -1, TI: 3 + 1 - 2, TD: -1, ALTRO: -1 }); // TI: 3 in, K2 hired, K1 and K2 ended
    } finally {
      db.close();
    }
  });

  it('runs the data tests of each table, which catch a broken primary key or saldo identity', async () => {
    // every table tests at least the uniqueness of its primary key
    for (const t of orimTableDefinitions)
      expect(
        t.tests.map((x) => x.name),
        t.name,
      ).toContain('unique primary key');
    const db = await openDatabase(path.join(tempDir(), 'x.duckdb'));
    try {
      const contract = orimTableDefinition('co_flussi_contratto');
      // TI: 3 hired, 3 ended (2 communicated, 1 at term), 1 transformed in; TD: that transformation leaves
      const ti = (saldo: number) => `('2025-H1', 'MI', '015', 'NUE', 'TI', 3, 2, 1, 3, 0, 1, 0, ${saldo})`;
      const td = `('2025-H1', 'MI', '015', 'NUE', 'TD', 0, 0, 0, 0, 0, 0, 1, -1)`;
      const make = async (rows: string[]) =>
        db.run(`CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM (VALUES ${rows.join(', ')})
        v(semestre, provincia, codice_provincia, gruppo_cittadinanza, gruppo_contratto, attivazioni, cessazioni_comunicate,
          cessazioni_a_termine, cessazioni, proroghe, trasformazioni_ti, trasformazioni_uscite, saldo)`);
      await make([ti(3 - 3 + 1 - 0), td]); // TI saldo = 1; over both groups 1 - 1 = 0 = 3 - 3
      await expect(runTableTests(db, contract, 't')).resolves.toBeUndefined();
      await make([ti(2), td]);
      await expect(runTableTests(db, contract, 't')).rejects.toThrow(
        'test "saldo = attivazioni - cessazioni + trasformazioni_ti - trasformazioni_uscite"',
      );
      await make([ti(1), ti(1), td]);
      await expect(runTableTests(db, contract, 't')).rejects.toThrow('test "unique primary key"');
    } finally {
      db.close();
    }
  });

  it('reads semesters as the spec defines them', () => {
    expect(parseSemester('2025-H1')).toEqual({
      kind: 'semester',
      semestre: '2025-H1',
      inizio: '2025-01-01',
      fine: '2025-06-30',
    });
    expect(parseSemester('2024-H2')).toEqual({
      kind: 'semester',
      semestre: '2024-H2',
      inizio: '2024-07-01',
      fine: '2024-12-31',
    });
    expect(() => parseSemester('2025-H3')).toThrow('YYYY-H1');
  });
});

describe('ORIM context tables', () => {
  it('takes INPS cells from their latest ingest, semesters over months, both sexes over M + F (worked by hand)', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'co.duckdb');
    const head = 'periodo;provincia;prestazione;cittadinanza;sesso;beneficiari;ore_autorizzate';
    const first = writeFile(
      dir,
      'inps1.csv',
      [
        head,
        '2025-H1;MI;NASPI;NUE;M;10;',
        '2025-H1;MI;NASPI;NUE;F;5;', // M + F = 15
        '2025-01;BG;CIGO;NUE;;30;',
        '2025-02;BG;CIGO;NUE;;40;', // months only: average 35
        '2025-H1;MI;NASPI;436;;7;', // a country row, both sexes: grouped with NUE -> MI NASPI NUE = 15 + 7
      ].join('\n'),
    );
    const revised = writeFile(dir, 'inps2.csv', [head, '2025-H1;MI;NASPI;NUE;F;6;'].join('\n')); // INPS revises F: 5 -> 6
    const istat = writeFile(
      dir,
      'istat.csv',
      [
        'anno;provincia;cittadinanza;sesso;residenti',
        '2025;MI;436;M;100',
        '2025;MI;436;F;80',
        '2025;MI;235;M;50',
        '2025;MI;436;;180',
        '2024;MI;436;M;90',
      ].join('\n'),
    );
    for (const [kind, file] of [
      ['inps', first],
      ['inps', revised],
      ['istat', istat],
    ]) {
      expect((await runCli(['--db', dbPath, 'ingest', kind!, file!], {})).code).toBe(0);
    }
    const db = await openPipelineDb(dbPath);
    try {
      const h1 = parseSemester('2025-H1');
      const num = (r: Record<string, unknown>) => ({
        ...r,
        ...(r.beneficiari !== undefined ? { beneficiari: Number(r.beneficiari) } : {}),
        ...(r.residenti !== undefined ? { residenti: Number(r.residenti) } : {}),
      });
      expect((await orimTable(db, 'inps_beneficiari', h1, logger)).map(num)).toEqual([
        {
          semestre: '2025-H1',
          provincia: 'BG',
          codice_provincia: '016',
          prestazione: 'CIGO',
          gruppo_cittadinanza: 'NUE',
          beneficiari: 35,
        },
        {
          semestre: '2025-H1',
          provincia: 'MI',
          codice_provincia: '015',
          prestazione: 'NASPI',
          gruppo_cittadinanza: 'NUE',
          beneficiari: 10 + 6 + 7,
        },
      ]);
      // The long layout's "both sexes" row (sesso empty = T) is a total: M and F are used.
      expect((await orimTable(db, 'istat_popolazione', h1, logger)).map(num)).toEqual([
        {
          data: '2025-01-01',
          provincia: 'MI',
          codice_provincia: '015',
          gruppo_cittadinanza: 'NUE',
          sesso: 'F',
          residenti: 80,
        },
        {
          data: '2025-01-01',
          provincia: 'MI',
          codice_provincia: '015',
          gruppo_cittadinanza: 'NUE',
          sesso: 'M',
          residenti: 100,
        },
        {
          data: '2025-01-01',
          provincia: 'MI',
          codice_provincia: '015',
          gruppo_cittadinanza: 'UE',
          sesso: 'M',
          residenti: 50,
        },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('ORIM tables of permits, planned hires and CIG hours', () => {
  it('takes permits on 1 January, Excelsior months and CIG hours of the semester from the fixtures (worked by hand)', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'co.duckdb');
    for (const [kind, file] of [
      ['istat', 'fixtures/istat/permessi_soggiorno_lombardia_2023_2024.csv'],
      ['excelsior', 'fixtures/excelsior/excelsior_entrate_2025.csv'],
      ['inps', 'fixtures/inps/cig_ore_autorizzate_provincia_2025.csv'],
    ]) {
      expect((await runCli(['--db', dbPath, 'ingest', kind!, file!], {})).code, file).toBe(0);
    }
    const db = await openPipelineDb(dbPath);
    try {
      const num = (r: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            typeof v === 'bigint' ||
            (typeof v === 'string' && /^\d+$/.test(v) && k !== 'codice_provincia' && k !== 'grande_gruppo')
              ? Number(v)
              : v,
          ]),
        );
      // Permits on 2024-01-01, both sexes (SEX 9), every reason (ALL), every age (TOTAL), all non-EU
      // citizens (WORLD): Bergamo ITC46 LONGT 64587, NLONGT 33145 (= 32439 + 32148 and
      // 17210 + 15935 by sex); Como ITC42 15905 and 18395. The TOTAL permit type is not a row.
      const permits = (await orimTable(db, 'istat_permessi', parseSemester('2024-H1'), logger)).map(num);
      const of = (p: string) => permits.filter((r) => r.provincia === p).map((r) => [r.tipo_permesso, r.permessi]);
      expect(of('BG')).toEqual([
        ['CON_SCADENZA', 33145],
        ['LUNGO_PERIODO', 64587],
      ]);
      expect(of('CO')).toEqual([
        ['CON_SCADENZA', 18395],
        ['LUNGO_PERIODO', 15905],
      ]);
      // No 2025 in the extract: the 2025 tables hold the latest year up to 2025, 1 January 2024, as
      // ISTAT publishes permits months later; nothing before 2023 is there for 2022.
      expect((await orimTable(db, 'istat_permessi', parseSemester('2025-H1'), logger)).map(num)).toEqual(permits);
      expect(permits.every((r) => r.data === '2024-01-01')).toBe(true);
      expect(await orimTable(db, 'istat_permessi', parseSemester('2022-H2'), logger)).toEqual([]);
      // Excelsior 2025-H1: monthly province rows for every occupation only: Milano C in March
      // (12.340, 2.110, 6.050) and the all-sector rows of January-June. Milano 25 / 6.2, Bergamo
      // F / 6.1.2 and Monza I / 5.2.2.1.0 are single occupations; the 2025 Lombardia rows are a
      // year and a region. All sectors, the six months summed:
      // Bergamo 7.840 + 7.520 + 8.630 + 9.270 + 9.940 + 9.480 = 52.680; immigrants 1.910 + 1.820 +
      //   2.090 + 2.240 + 2.430 + 2.290 = 12.780; hard to find 3.820 + 3.670 + 4.220 + 4.530 + 4.850 + 4.640 = 25.730.
      // Brescia 9.610 + 9.150 + 10.520 + 11.340 + 12.080 + 11.590 = 64.290; 2.390 + 2.290 + 2.620 +
      //   2.820 + 3.020 + 2.890 = 16.030; 4.690 + 4.480 + 5.130 + 5.540 + 5.890 + 5.670 = 31.400.
      // Milano 38.450 + 36.720 + 41.380 + 44.910 + 47.260 + 45.630 = 254.350; 7.620 + 7.280 + 8.200 +
      //   8.890 + 9.380 + 9.050 = 50.420; 18.440 + 17.600 + 19.850 + 21.540 + 22.680 + 21.910 = 122.020.
      const h1Hires = (await orimTable(db, 'excelsior_entrate', parseSemester('2025-H1'), logger)).map(num);
      expect(
        h1Hires.map((r) => [
          r.provincia,
          r.ateco_sezione,
          r.entrate_previste,
          r.entrate_immigrati,
          r.entrate_difficile_reperimento,
        ]),
      ).toEqual([
        ['BG', 'TOTALE', 52680, 12780, 25730],
        ['BS', 'TOTALE', 64290, 16030, 31400],
        ['MI', 'C', 12340, 2110, 6050],
        ['MI', 'TOTALE', 254350, 50420, 122020],
      ]);
      // By CP2011 major group, all sectors: every province gives groups 1-8 in each month (24 rows).
      // Bergamo group 6: 1.490 + 1.430 + 1.640 + 1.760 + 1.890 + 1.800 = 10.010; 420 + 400 + 460 +
      //   490 + 530 + 500 = 2.800; 920 + 890 + 1.020 + 1.090 + 1.170 + 1.120 = 6.210.
      // Brescia group 1: 50 x 3 + 60 x 3 = 330; 0 immigrants; 30 x 3 + 40 x 3 = 210.
      const byGroup = (await orimTable(db, 'excelsior_professioni', parseSemester('2025-H1'), logger)).map(num);
      expect(byGroup.length).toBe(24);
      expect(byGroup.find((r) => r.provincia === 'BG' && r.grande_gruppo === '6')).toEqual({
        semestre: '2025-H1',
        provincia: 'BG',
        codice_provincia: '016',
        grande_gruppo: '6',
        entrate_previste: 10010,
        entrate_immigrati: 2800,
        entrate_difficile_reperimento: 6210,
      });
      expect(byGroup.find((r) => r.provincia === 'BS' && r.grande_gruppo === '1')).toMatchObject({
        entrate_previste: 330,
        entrate_immigrati: 0,
        entrate_difficile_reperimento: 210,
      });
      // CIG hours of January-June 2025 by province and management, sector rows summed:
      // Milano CIGO 12.500 + 3.200,5 = 15.700,5, rounded to 15.701; Bergamo CIGS 40.000;
      // Monza CIGD "-" (none) 0; Brescia CIGS 1.800 (June). July's Milano row is not in the semester.
      expect((await orimTable(db, 'inps_ore_cig', parseSemester('2025-H1'), logger)).map(num)).toEqual([
        { semestre: '2025-H1', provincia: 'BG', codice_provincia: '016', gestione: 'CIGS', ore_autorizzate: 40000 },
        { semestre: '2025-H1', provincia: 'BS', codice_provincia: '017', gestione: 'CIGS', ore_autorizzate: 1800 },
        { semestre: '2025-H1', provincia: 'MB', codice_provincia: '108', gestione: 'CIGD', ore_autorizzate: 0 },
        { semestre: '2025-H1', provincia: 'MI', codice_provincia: '015', gestione: 'CIGO', ore_autorizzate: 15701 },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('ORIM table istat_forze_lavoro', () => {
  it("holds each indicator's latest year up to the semester's, the semester's quarters and Lombardy's own row", async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'co.duckdb');
    // SDMX-CSV as the data browser writes the provincial flows (header of fixtures/istat).
    const occupazione = (lines: string[]) =>
      `DATAFLOW,FREQ,REF_AREA,DATA_TYPE,SEX,AGE,EDU_LEV_HIGHEST,CITIZENSHIP,TIME_PERIOD,OBS_VALUE\n${lines
        .map((l) => `IT1:150_915_DF_DCCV_TAXOCCU1_5(1.0),${l}`)
        .join('\n')}\n`;
    const first = writeFile(
      dir,
      'occupazione.csv',
      occupazione([
        'A,ITC4,EMP_R,9,Y15-64,99,FRG,2023,61.5',
        'A,ITC4,EMP_R,9,Y15-64,99,FRG,2024,62.25',
        'A,ITC4,EMP_R,9,Y15-64,99,FRG,2026,70', // after 2025: not in a 2025 table
        'Q,ITC4,EMP_R,9,Y15-64,99,FRG,2025-Q1,63', // a quarter of 2025-H1
        'Q,ITC4,EMP_R,9,Y15-64,99,FRG,2025-Q3,64', // a quarter of 2025-H2
        'A,ITC45,EMP_R,9,Y15-64,99,FRG,2023,60',
        'A,ITC45,EMP_R,9,Y15-64,99,FRG,2024,64.125',
        'A,ITC46,EMP_R,9,Y15-64,99,FRG,2023,58', // Bergamo has no 2024: the table is of 2024
        'A,ITC1,EMP_R,9,Y15-64,99,FRG,2024,59', // Piemonte: not the report's region
        'A,ITC,EMP_R,9,Y15-64,99,FRG,2024,61', // the North-west: not a province nor the region
      ]),
    );
    // a later ingest of Milano 2024: each cell counts in its latest ingest
    const revised = writeFile(dir, 'occupazione_rivista.csv', occupazione(['A,ITC45,EMP_R,9,Y15-64,99,FRG,2024,64.5']));
    // unemployment only up to 2023: its own latest year
    const disoccupazione = writeFile(
      dir,
      'disoccupazione.csv',
      'DATAFLOW,FREQ,REF_AREA,DATA_TYPE,SEX,AGE,EDU_LEV_HIGHEST,CITIZENSHIP,DURATION_UNEMPLOYMENT,TIME_PERIOD,OBS_VALUE\n' +
        'IT1:151_914_DF_DCCV_TAXDISOCCU1_8(1.0),A,ITC4,UNEM_R,9,Y15-74,99,ITL,TOTAL,2022,4.5\n' +
        'IT1:151_914_DF_DCCV_TAXDISOCCU1_8(1.0),A,ITC4,UNEM_R,9,Y15-74,99,ITL,TOTAL,2023,3.75\n',
    );
    for (const file of [first, revised, disoccupazione]) {
      expect((await runCli(['--db', dbPath, 'ingest', 'istat', file], {})).code, file).toBe(0);
    }
    const db = await openPipelineDb(dbPath);
    try {
      const rows = (await orimTable(db, 'istat_forze_lavoro', parseSemester('2025-H1'), logger)).map((r) => [
        r.periodo,
        r.provincia,
        r.codice_provincia,
        r.indicatore,
        r.gruppo_cittadinanza,
        r.tasso,
      ]);
      expect(rows).toEqual([
        ['2023', 'TOTALE', null, 'UNEM_R', 'ITA', 3.75],
        ['2024', 'MI', '015', 'EMP_R', 'STRANIERI', 64.5],
        ['2024', 'TOTALE', null, 'EMP_R', 'STRANIERI', 62.25],
        ['2025-Q1', 'TOTALE', null, 'EMP_R', 'STRANIERI', 63],
      ]);
      // 2023-H2: the year 2023 for both, no quarter of that semester loaded
      const earlier = await orimTable(db, 'istat_forze_lavoro', parseSemester('2023-H2'), logger);
      expect(earlier.map((r) => [r.periodo, r.provincia, r.indicatore, r.tasso])).toEqual([
        ['2023', 'BG', 'EMP_R', 58],
        ['2023', 'MI', 'EMP_R', 60],
        ['2023', 'TOTALE', 'EMP_R', 61.5],
        ['2023', 'TOTALE', 'UNEM_R', 3.75],
      ]);
      // the data tests: a year and a quarter pass; two years of one indicator, or a province without its code, do not
      const table = orimTableDefinition('istat_forze_lavoro');
      const make = (rows: string[]) =>
        db.run(`CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM (VALUES ${rows.join(', ')})
          v(periodo, provincia, codice_provincia, indicatore, gruppo_cittadinanza, sesso, eta, tasso)`);
      const row = (periodo: string, provincia: string, codice: string) =>
        `('${periodo}', '${provincia}', ${codice}, 'EMP_R', 'ITA', 'T', 'Y15-64', 70.5)`;
      await make([row('2024', 'TOTALE', 'NULL'), row('2025-Q1', 'TOTALE', 'NULL'), row('2024', 'MI', "'015'")]);
      await expect(runTableTests(db, table, 't')).resolves.toBeUndefined();
      await make([row('2023', 'TOTALE', 'NULL'), row('2024', 'MI', "'015'")]);
      await expect(runTableTests(db, table, 't')).rejects.toThrow(
        'test "one year per indicator among the yearly rows"',
      );
      await make([row('2024', 'MI', 'NULL')]);
      await expect(runTableTests(db, table, 't')).rejects.toThrow('test "a province row has its ISTAT code');
    } finally {
      db.close();
    }
  });
});

describe('ORIM table excelsior_professioni', () => {
  it('sums the coarsest CP2011 level given in each month, never an occupation with its parts (worked by hand)', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'co.duckdb');
    const head = 'periodo;territorio;ateco;professione;entrate_previste;di_cui_immigrati;di_cui_difficile_reperimento';
    const first = writeFile(
      dir,
      'first.csv',
      [
        head,
        // Milano, January: group 5 as a whole and two of its level-2 groups: the whole counts (100)
        '2025-01;Milano;;5;100;20;40',
        '2025-01;Milano;;5.2;60;10;30',
        '2025-01;Milano;;5.1;30;10;10',
        // group 6 only through its parts: the level-2 groups count (40 + 20), not their 6.2.1
        '2025-01;Milano;;6.1;40;10;20',
        '2025-01;Milano;;6.2;20;5;10',
        '2025-01;Milano;;6.2.1;5;1;2',
        // February: group 5 again, without the immigrants: the semester's sum has none (NULL)
        '2025-02;Milano;;5;50;;10',
        // one sector's occupations, a region, a year and July: not in the table
        '2025-01;Milano;C;8;70;30;20',
        '2025-01;Lombardia;;8;900;300;200',
        '2025;Milano;;8;800;300;200',
        '2025-07;Milano;;8;90;40;20',
        // Como group 7, revised by the next file
        '2025-03;Como;;7;50;10;20',
      ].join('\n'),
    );
    const second = writeFile(dir, 'second.csv', [head, '2025-03;Como;;7;70;20;30'].join('\n'));
    for (const file of [first, second])
      expect((await runCli(['--db', dbPath, 'ingest', 'excelsior', file], {})).code, file).toBe(0);
    const db = await openPipelineDb(dbPath);
    try {
      const rows = await orimTable(db, 'excelsior_professioni', parseSemester('2025-H1'), logger);
      expect(
        rows.map((r) =>
          [r.provincia, r.grande_gruppo, r.entrate_previste, r.entrate_immigrati, r.entrate_difficile_reperimento].map(
            (v, i) => (i < 2 || v === null ? v : Number(v)),
          ),
        ),
      ).toEqual([
        ['CO', '7', 70, 20, 30], // the latest ingest of the cell
        ['MI', '5', 150, null, 50], // 100 + 50; immigrants not given in February; 40 + 10
        ['MI', '6', 60, 15, 30], // 40 + 20; 10 + 5; 20 + 10
      ]);
    } finally {
      db.close();
    }
  });
});

describe('ORIM table lavoratori_a_rischio', () => {
  it('counts the flags known on the semester end by province and reason (worked by hand)', async () => {
    // A = 2025-06-30, W = [2025-06-30, 2025-09-28].
    const ending = worker('R1'); // contract ends 2025-08-31: CONTRACT_ENDING, Milano
    const expired = worker('R2', { scadenza_permesso: '2025-05-31' }); // open-ended job in Bergamo, permit expired: EXPIRED
    const later = worker('R3'); // a hire sent on 2025-07-02, after the semester: not known on 2025-06-30
    const rows = [
      comm(ending, { data_inizio: '2025-03-01', data_fine: '2025-08-31' }),
      comm(expired, { data_inizio: '2024-01-08', tipo_contratto: 'A.01.00', sede_comune: '016024' }),
      comm(later, { data_inizio: '2025-07-03', data_invio: '2025-07-02', data_fine: '2025-08-15' }),
    ];
    const db = await openPipelineDb((await scenarioDb(rows)).db);
    try {
      const table = await orimTable(db, 'lavoratori_a_rischio', parseSemester('2025-H1'), logger);
      expect(table.map((r) => ({ ...r, lavoratori: Number(r.lavoratori) }))).toEqual([
        { data: '2025-06-30', provincia: 'BG', flag: 'PERMIT_AT_RISK', motivo: 'EXPIRED', lavoratori: 1 },
        // never an empty text (NULL in CSV, '' in Parquet): the flag itself
        { data: '2025-06-30', provincia: 'MI', flag: 'CONTRACT_ENDING', motivo: 'CONTRACT_ENDING', lavoratori: 1 },
      ]);
    } finally {
      db.close();
    }
  });
});
