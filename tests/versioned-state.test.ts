import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import type { Database } from '../src/db/Database.js';
import { runDataTests, splitDataTests } from '../src/db/dataTests.js';
import { fillTemplate, quoteLiteral, runScript } from '../src/db/runScript.js';
import { generateCo } from '../src/generate/generateCo.js';
import { ensureBuilt } from '../src/transform/ensureBuilt.js';
import { ALL_DATA, loadModels, loadTransformMacros, runModels, writtenRows } from '../src/transform/runModels.js';
import { coCsv, ingest, query, tempDir, writeFile } from './helpers.js';
import { comm, correct, scenarioColumns, scenarioDb, worker } from './scenarios.js';

const logger = pino({ level: 'silent' });
const tables = ['co_effettive', 'rapporti', 'lavoratori'] as const;

/**
 * The oracle: the models as they were before the state was kept in versions, R1-R8
 * computed from scratch over the communications sent on or before the date
 * (tests/oracle-models/). The versioned state filtered on a date must equal them.
 */
const oracleModels = ['010_co_effettive', '020_rapporti', '030_lavoratori'].map((file) => ({
  name: `oracle-models/${file}.sql`,
  sql: splitDataTests(readFileSync(new URL(`./oracle-models/${file}.sql`, import.meta.url), 'utf8')).sql,
}));

async function oracleOn(db: Database, asOf: string): Promise<void> {
  const attached = await db.one("SELECT 1 AS ok FROM duckdb_databases() WHERE database_name = 'oracle'");
  if (!attached) await db.run("ATTACH ':memory:' AS oracle");
  await loadTransformMacros(db);
  for (const model of oracleModels) {
    await runScript(db, { name: model.name, sql: fillTemplate(model.sql, { target: 'oracle' }) }, { as_of: asOf });
  }
}

/** Rows of `a` not in `b` plus rows of `b` not in `a`, as multisets (two tables, qualified names). */
async function differingRows(db: Database, a: string, b: string): Promise<number> {
  const row = await db.one<{ n: string }>(`
    SELECT (SELECT count(*) FROM ((SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})
                                  UNION ALL (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a})))::VARCHAR AS n`);
  return Number(row!.n);
}

/** Rows in one table and not the other (as multisets), per table, and the rows compared. */
async function differences(db: Database, asOf: string) {
  await oracleOn(db, asOf);
  await runModels(db, { target: 'pit', asOf, logger });
  const found: Record<string, { rows: number; differing: number; columns: boolean }> = {};
  for (const t of tables) {
    const columns = async (catalog: string) =>
      (
        await db.all<{ c: string }>(
          'SELECT column_name AS c FROM duckdb_columns() WHERE database_name = $d AND table_name = $t ORDER BY column_index',
          { d: catalog, t },
        )
      ).map((r) => r.c);
    const row = await db.one<{ rows: string }>(`SELECT count(*)::VARCHAR AS rows FROM oracle.${t}`);
    found[t] = {
      rows: Number(row!.rows),
      differing: await differingRows(db, `pit.${t}`, `oracle.${t}`),
      columns: JSON.stringify(await columns('pit')) === JSON.stringify(await columns('oracle')),
    };
  }
  return found;
}

const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('the state as known on a date, a filter of the versions kept by build', () => {
  let db: Database;
  beforeAll(async () => {
    // Corrections in every order the extracts can bring them.
    const a = worker('W1');
    const hire = comm(a, { data_inizio: '2025-01-10', data_fine: '2025-06-30', tipo_contratto: 'A.03.00' });
    const endFixed = correct(hire, 'RET', { data_invio: '2025-01-20', data_fine: '2025-09-30' });
    // a rettifica of the rettifica moves the start: the rapporto changes its key
    const moved = correct(endFixed, 'RET', {
      data_invio: '2025-02-05',
      data_inizio: '2025-01-12',
      data_evento: '2025-01-12',
    });
    const b = worker('W2');
    const late = comm(b, { data_inizio: '2025-01-15', data_fine: '2025-04-30', tipo_contratto: 'A.03.00' });
    // a rettifica sent ten days before what it corrects: an orphan until then
    const early = { ...correct(late, 'RET', { data_fine: '2025-05-31' }), data_invio: '2025-01-05' };
    const c = worker('W3');
    const voided = comm(c, { data_inizio: '2025-03-10', data_fine: '2025-05-31', tipo_contratto: 'A.03.00' });
    const voidFirst = { ...correct(voided, 'ANN', {}), data_invio: '2025-03-01' };
    const d = worker('W4');
    const orphanRet = {
      ...comm(d, { data_inizio: '2025-02-01', data_fine: '2025-05-31' }),
      tipo_comunicazione: 'RET',
      codice_comunicazione_prec: 'NOTHERE1',
    };
    const orphanAnn = {
      ...comm(d, { data_inizio: '2025-02-10', data_fine: '2025-05-31' }),
      tipo_comunicazione: 'ANN',
      codice_comunicazione_prec: 'NOTHERE2',
    };
    // a rettifica of an orphan annullamento: the ANN is ignored, the RET stands
    const retOfOrphan = correct(orphanAnn, 'RET', { tipo_comunicazione: 'RET', data_invio: '2025-02-18' });
    // two rettifiche pointing at each other (broken data): neither has a root
    const g = worker('W8');
    const loopA = {
      ...comm(g, { data_inizio: '2025-01-20', data_fine: '2025-04-30', data_invio: '2025-01-21' }),
      tipo_comunicazione: 'RET',
      codice_comunicazione: 'LOOPA',
      codice_comunicazione_prec: 'LOOPB',
    };
    const loopB = {
      ...comm(g, { data_inizio: '2025-01-20', data_fine: '2025-05-31', data_invio: '2025-01-28' }),
      tipo_comunicazione: 'RET',
      codice_comunicazione: 'LOOPB',
      codice_comunicazione_prec: 'LOOPA',
    };
    const e = worker('W5');
    const wrongWorker = comm(e, { data_inizio: '2025-02-01', data_fine: '2025-07-31', tipo_contratto: 'A.03.00' });
    const rightWorker = correct(wrongWorker, 'RET', {
      data_invio: '2025-02-20',
      lavoratore_id: 'W6',
      cittadinanza: '201',
    });
    const f = worker('W7');
    const twice = comm(f, { data_inizio: '2025-01-03', data_fine: '2025-03-31', tipo_contratto: 'A.03.00' });
    const sameDay1 = correct(twice, 'RET', { data_invio: '2025-01-25', data_fine: '2025-04-30' });
    const sameDay2 = correct(twice, 'RET', { data_invio: '2025-01-25', data_fine: '2025-05-31' });
    const ended = comm(f, {
      tipo_evento: 'CES',
      data_inizio: '2025-01-03',
      data_evento: '2025-02-14',
      data_invio: '2025-02-15',
      data_fine: '',
      motivo_cessazione: 'LI',
    });
    const voidEnd = correct(ended, 'ANN', { data_invio: '2025-02-25' });
    const rows = [
      hire,
      endFixed,
      moved,
      late,
      early,
      voided,
      voidFirst,
      orphanRet,
      orphanAnn,
      retOfOrphan,
      loopA,
      loopB,
      wrongWorker,
      rightWorker,
    ];
    const { db: file } = await scenarioDb([...rows, twice, sameDay1, sameDay2, ended, voidEnd]);
    db = await openPipelineDb(file);
    await ensureBuilt(db, logger, true);
  });
  afterAll(() => db?.close());

  it('equals the models computed from scratch on every day of the corrections, and on all the data', async () => {
    for (const day of [...days('2024-12-30', '2025-03-12'), ALL_DATA]) {
      const found = await differences(db, day);
      for (const t of tables) expect({ day, t, ...found[t] }).toMatchObject({ day, t, differing: 0, columns: true });
    }
    // the scenario's turns, worked by hand: before the rettifica arrives the hire is its own chain
    await runModels(db, { target: 'pit', asOf: '2025-02-04', logger });
    const w1 = await db.all<{ data_inizio: string; fine: string }>(
      "SELECT data_inizio::VARCHAR AS data_inizio, fine::VARCHAR AS fine FROM pit.rapporti WHERE lavoratore_id = 'W1'",
    );
    expect(w1).toEqual([{ data_inizio: '2025-01-10', fine: '2025-09-30' }]);
    await runModels(db, { target: 'pit', asOf: '2025-02-05', logger });
    const moved = await db.all<{ data_inizio: string }>(
      "SELECT data_inizio::VARCHAR AS data_inizio FROM pit.rapporti WHERE lavoratore_id = 'W1'",
    );
    expect(moved).toEqual([{ data_inizio: '2025-01-12' }]);
    // the hire voided by an annullamento sent before it: known on 2025-03-01 as nothing
    // (an orphan ANN is ignored), never known as a rapporto once the hire arrives
    for (const day of ['2025-03-05', '2025-03-10', '2025-03-12']) {
      await runModels(db, { target: 'pit', asOf: day, logger });
      expect(await db.all("SELECT * FROM pit.rapporti WHERE lavoratore_id = 'W3'")).toEqual([]);
    }
    // the rapporto moves from W5 to W6 with the rettifica of 2025-02-20
    await runModels(db, { target: 'pit', asOf: '2025-02-19', logger });
    expect(await db.all("SELECT lavoratore_id FROM pit.rapporti WHERE lavoratore_id IN ('W5', 'W6')")).toEqual([
      { lavoratore_id: 'W5' },
    ]);
    await runModels(db, { target: 'pit', asOf: '2025-02-20', logger });
    expect(await db.all("SELECT lavoratore_id FROM pit.rapporti WHERE lavoratore_id IN ('W5', 'W6')")).toEqual([
      { lavoratore_id: 'W6' },
    ]);
  }, 120_000);
  /**
   * The model's data tests on the tables changed by `sql` (rolled back): 'passed', or the
   * failure. `changed`: as a build for new batches runs them (the scope's macros say what
   * it wrote), else as a build of everything.
   */
  const testedAfter = async (name: string, sql: string, changed = false) => {
    const model = loadModels('main').find((m) => m.name === name)!;
    await db.run('BEGIN TRANSACTION');
    try {
      await db.run(sql);
      const slots = { target: 'main', written: writtenRows(model, changed) };
      return await runDataTests(db, name, model.tests, slots, '').then(
        () => 'passed',
        (error: Error) => error.message,
      );
    } finally {
      await db.run('ROLLBACK');
    }
  };
  /** A second version of one key of `table` (among the rows `where` holds for), from the day after the first began, while the first still holds. */
  const overlap = (table: string, where = 'TRUE') =>
    `INSERT INTO main.${table} SELECT * REPLACE (valido_dal + 1 AS valido_dal) FROM main.${table}
     WHERE valido_al IS NULL AND ${where} LIMIT 1`;

  it("fails the build when versions of a key overlap or a rapporto ends before it starts: what makes every day's filter whole", async () => {
    for (const [table, key] of [
      ['co_versioni', 'chain'],
      ['rapporti_versioni', 'rapporto'],
      ['lavoratori_versioni', 'worker'],
    ] as const) {
      expect(await testedAfter(table, 'SELECT 1')).toBe('passed');
      expect(await testedAfter(table, overlap(table))).toContain(`the versions of a ${key} do not overlap`);
    }
    const endsBefore =
      'UPDATE main.rapporti_versioni SET fine = data_inizio - 1 WHERE rowid = (SELECT min(rowid) FROM main.rapporti_versioni)';
    expect(await testedAfter('rapporti_versioni', endsBefore)).toContain(
      'no version of a rapporto ends before it starts',
    );
    // crisi_aziendali.sql looks a rapporto's cessation up by its id, as one of the effective communications
    expect(await testedAfter('rapporti', 'SELECT 1')).toBe('passed');
    const notEffective =
      'UPDATE main.rapporti SET cessazione_id = -1 WHERE rowid = (SELECT min(rowid) FROM main.rapporti)';
    expect(await testedAfter('rapporti', notEffective)).toContain(
      'the cessation a rapporto names is one of the effective communications',
    );
  });

  it('tests, after new batches, the rows the build wrote and every group they are in, not the rows it left', async () => {
    // what a build for new batches recomputes: here, the first worker's communications, chains and versions
    const scope = (lavoratori: string, comunicazioni: string) =>
      runScript(db, {
        name: 'test scope',
        sql: `CREATE OR REPLACE TEMP MACRO ambito_lavoratori(l) AS ${lavoratori};
              CREATE OR REPLACE TEMP MACRO ambito_comunicazioni(c) AS ${comunicazioni};
              CREATE OR REPLACE TEMP MACRO ambito_catene(c) AS ambito_comunicazioni(c);`,
      });
    const first = '(SELECT min(lavoratore_id) FROM main.co_righe)';
    await scope(`l = ${first}`, `c IN (SELECT codice_comunicazione FROM main.co_righe WHERE lavoratore_id = ${first})`);
    try {
      // an overlap among the versions written is found; one among the versions left is not looked for
      const worker = (is: string) => overlap('lavoratori_versioni', `lavoratore_id ${is} ${first}`);
      expect(await testedAfter('lavoratori_versioni', worker('='), true)).toContain(
        'the versions of a worker do not overlap',
      );
      expect(await testedAfter('lavoratori_versioni', worker('<>'), true)).toBe('passed');
      // a written row that takes the id of a row left is found, though the row left is not written
      const sameId = `UPDATE main.co_righe SET comunicazione_id = (SELECT min(comunicazione_id) FROM main.co_righe WHERE ambito_lavoratori(lavoratore_id))
        WHERE rowid = (SELECT min(rowid) FROM main.co_righe WHERE NOT ambito_lavoratori(lavoratore_id))`;
      expect(await testedAfter('co_righe', sameId, true)).toContain('unique communication id');
    } finally {
      await scope('TRUE', 'TRUE');
    }
  });
});

describe('the versioned state on generated workers', () => {
  it('equals the models computed from scratch on the days corrections arrive, the days before, and across the year', async () => {
    const dir = tempDir();
    const { files } = generateCo({
      workers: 1500,
      from: '2024-07',
      to: '2025-06',
      seed: 'versions',
      out: path.join(dir, 'in'),
      identifiers: 'id',
    });
    const dbPath = path.join(dir, 'co.duckdb');
    await ingest(dbPath, files, [], {});
    const db = await openPipelineDb(dbPath);
    try {
      await ensureBuilt(db, logger);
      const corrections = await db.all<{ day: string }>(`
        SELECT DISTINCT d::VARCHAR AS day FROM (
          SELECT data_invio::DATE AS d FROM co_comunicazioni WHERE tipo_comunicazione IN ('RET', 'ANN')
          UNION ALL SELECT data_invio::DATE - 1 FROM co_comunicazioni WHERE tipo_comunicazione IN ('RET', 'ANN'))
        ORDER BY 1`);
      expect(corrections.length).toBeGreaterThan(15);
      const dates = [
        ...corrections.map((r) => r.day),
        ...['2024-07-31', '2024-10-15', '2024-12-31', '2025-03-31', '2025-06-30'],
        ALL_DATA,
      ];
      for (const day of dates) {
        const found = await differences(db, day);
        for (const t of tables) expect({ day, t, ...found[t] }).toMatchObject({ day, t, differing: 0, columns: true });
        if (day === '2025-03-31') expect(found.rapporti!.rows).toBeGreaterThan(300);
      }
    } finally {
      db.close();
    }
  }, 300_000);
});

/** Every table build writes, compared as multisets between two databases: rows in one and not the other. */
async function buildDifferences(db: Database, other: string): Promise<Record<string, number>> {
  await db.run(`ATTACH ${quoteLiteral(other)} AS other (READ_ONLY)`);
  const out: Record<string, number> = {};
  try {
    for (const t of [
      'co_righe',
      'co_versioni',
      'rapporti_versioni',
      'lavoratori_versioni',
      ...tables,
      'qualita_dati',
    ]) {
      out[t] = await differingRows(db, `main.${t}`, `other.${t}`);
    }
  } finally {
    await db.run('DETACH other');
  }
  return out;
}

/** A logger that keeps the scope of each build it is told of. */
function scopesLogger() {
  const scopes: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void scopes.push(JSON.parse(line).scope ?? '') });
  return { logger, scopes: () => scopes.filter(Boolean) };
}

describe('build after new batches', () => {
  it('recomputes what they touch and gives the tables a rebuild of everything gives', async () => {
    const dir = tempDir();
    const { files } = generateCo({
      workers: 800,
      from: '2024-07',
      to: '2025-06',
      seed: 'increments',
      out: path.join(dir, 'in'),
      identifiers: 'id',
    });
    const co = files.filter((f) => path.basename(f).startsWith('co_')).sort();
    expect(co.length).toBe(12);
    // a second extract with corrections of the first: a rettifica moving a rapporto to
    // another worker, an annullamento, a rettifica of a rettifica, repeats that differ
    const a = worker('X1');
    const hire = comm(a, {
      data_inizio: '2025-06-02',
      data_invio: '2025-06-02',
      data_fine: '2025-12-31',
      tipo_contratto: 'A.03.00',
    });
    const fixed = correct(hire, 'RET', { data_invio: '2025-06-10', data_fine: '2026-03-31' });
    const b = worker('X2');
    const other = comm(b, {
      data_inizio: '2025-06-03',
      data_invio: '2025-06-03',
      data_fine: '2025-09-30',
      tipo_contratto: 'A.03.00',
    });
    const c = worker('X4');
    const solo = comm(c, {
      data_inizio: '2025-06-04',
      data_invio: '2025-06-04',
      data_fine: '2025-08-31',
      tipo_contratto: 'A.03.00',
    });
    const first = writeFile(dir, 'extra_1.csv', coCsv([hire, fixed, other, solo], { columns: scenarioColumns }));
    const second = writeFile(
      dir,
      'extra_2.csv',
      coCsv(
        [
          correct(fixed, 'RET', { data_invio: '2025-06-20', lavoratore_id: 'X3', cittadinanza: '201' }),
          correct(other, 'ANN', { data_invio: '2025-06-21' }),
          { ...hire, data_fine: '2026-01-31' },
          // sent again for another worker: X4 is left with nothing
          { ...solo, lavoratore_id: 'X5' },
        ],
        { columns: scenarioColumns },
      ),
    );
    const dbPath = path.join(dir, 'co.duckdb');
    const { logger, scopes } = scopesLogger();
    const steps = [co.slice(0, 6), [...co.slice(6, 11), first], [co[11]!, second]];
    for (const step of steps) {
      const loaded = await ingest(dbPath, step, [], {});
      expect(loaded.code).toBe(0);
      const db = await openPipelineDb(dbPath);
      try {
        await ensureBuilt(db, logger);
        // the point-in-time views, set on the connection the build left its scope on (as
        // `run` does), read the whole state: the scope's slot is TRUE in them
        await runModels(db, { target: 'pit', asOf: ALL_DATA, logger });
        for (const t of tables) {
          expect({ [t]: await differingRows(db, `main.${t}`, `pit.${t}`) }).toEqual({ [t]: 0 });
        }
      } finally {
        db.close();
      }
    }
    expect(scopes()).toEqual(['all the data', 'new batches', 'new batches']);
    // the builds for new batches appended their rows after the row group the first build
    // wrote, without merging them with it (withoutVacuum): a merge leaves one row group
    const rowGroups = "SELECT count(DISTINCT row_group_id)::INTEGER AS n FROM pragma_storage_info('co_righe')";
    const [incremental] = await query<{ n: number }>(dbPath, rowGroups);
    expect(incremental?.n).toBeGreaterThan(1);
    const rebuilt = path.join(dir, 'rebuilt.duckdb');
    copyFileSync(dbPath, rebuilt);
    const db = await openPipelineDb(rebuilt);
    try {
      await ensureBuilt(db, logger, true);
      expect(scopes().at(-1)).toBe('all the data');
      expect(await db.all(rowGroups)).toEqual([{ n: 1 }]);
      expect(await buildDifferences(db, dbPath)).toEqual({
        co_righe: 0,
        co_versioni: 0,
        rapporti_versioni: 0,
        lavoratori_versioni: 0,
        co_effettive: 0,
        rapporti: 0,
        lavoratori: 0,
        qualita_dati: 0,
      });
      // the corrections of the second extract took effect: the rapporto is X3's, the other one void
      expect(
        await db.all(
          "SELECT lavoratore_id, fine::VARCHAR AS fine FROM rapporti WHERE lavoratore_id LIKE 'X%' ORDER BY lavoratore_id",
        ),
      ).toEqual([
        { lavoratore_id: 'X3', fine: '2026-03-31' },
        { lavoratore_id: 'X5', fine: '2025-08-31' },
      ]);
    } finally {
      db.close();
    }
  }, 300_000);
});
