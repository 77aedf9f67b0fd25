import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coCsv, ingest, query, runCli, tempDir, writeFile, type CoRow } from './helpers.js';
import { comm, correct, scenarioColumns, worker } from './scenarios.js';
import { openDatabase } from '../src/db/openDatabase.js';

async function built(...extracts: CoRow[][]) {
  const dir = tempDir();
  const db = path.join(dir, 'co.duckdb');
  const files = extracts.map((rows, i) => writeFile(dir, `e${i}.csv`, coCsv(rows, { columns: scenarioColumns })));
  const run = await ingest(db, files, [], {});
  expect(await query(db, 'SELECT line, column_name, value, reason_code FROM rejects')).toEqual([]);
  expect(run.results.every((r) => r.status === 'loaded')).toBe(true);
  const build = await runCli(['--db', db, 'build'], {});
  return { db, dir, build };
}

describe('models: effective communications (R1)', () => {
  it('takes the latest member of a chain of rettifiche, and voids a chain with an annullamento', async () => {
    const w = worker('W');
    const hire = comm(w, { data_fine: '2025-05-31' });
    const ret1 = correct(hire, 'RET', { data_invio: '2025-01-05', data_fine: '2025-06-30' });
    const ret2 = correct(ret1, 'RET', { data_invio: '2025-01-09', data_fine: '2025-07-31' }); // points to the first RET
    const other = comm(worker('X'), { data_fine: '2025-05-31' });
    const otherRet = correct(other, 'RET', { data_invio: '2025-01-02' });
    const cancelled = correct(otherRet, 'ANN', { data_invio: '2025-01-03' }); // cancels through the RET
    const { db } = await built([hire, ret1, ret2, other, otherRet, cancelled]);
    expect(
      await query(
        db,
        `SELECT codice_radice AS radice, codice_comunicazione AS effettiva, membri::INTEGER AS membri,
                                   data_fine::VARCHAR AS fine FROM co_effettive`,
      ),
    ).toEqual([
      { radice: hire.codice_comunicazione, effettiva: ret2.codice_comunicazione, membri: 3, fine: '2025-07-31' },
    ]);
  });

  it('breaks a tie on data_invio by ingest order', async () => {
    const w = worker('W');
    const hire = comm(w, { data_fine: '2025-05-31' });
    const first = correct(hire, 'RET', { data_invio: '2025-01-05', data_fine: '2025-06-30' });
    const second = correct(hire, 'RET', { data_invio: '2025-01-05', data_fine: '2025-08-31' });
    const { db } = await built([hire, first], [second]);
    expect(await query(db, 'SELECT data_fine::VARCHAR AS fine FROM co_effettive')).toEqual([{ fine: '2025-08-31' }]);
  });

  it('counts an orphan rettifica as ordinary, ignores an orphan annullamento, and records both', async () => {
    const orphanRet = comm(worker('A'), {
      tipo_comunicazione: 'RET',
      codice_comunicazione_prec: 'MISSING1',
      data_fine: '2025-05-31',
    });
    const orphanAnn = comm(worker('B'), {
      tipo_comunicazione: 'ANN',
      codice_comunicazione_prec: 'MISSING2',
      data_fine: '2025-05-31',
    });
    const { db } = await built([orphanRet, orphanAnn]);
    expect(await query(db, 'SELECT lavoratore_id FROM co_effettive')).toEqual([{ lavoratore_id: 'A' }]);
    expect(await query(db, "SELECT codice FROM qualita_dati WHERE tipo = 'correzione_orfana' ORDER BY 1")).toEqual([
      { codice: orphanRet.codice_comunicazione },
      { codice: orphanAnn.codice_comunicazione },
    ]);
  });
});

describe('models: rapporti and workers (R3-R5, R7, R8)', () => {
  it('ends a rapporto at its earliest cessazione, attaches events by key, and reports events after the end', async () => {
    const w = worker('W');
    const { db } = await built([
      comm(w, { data_inizio: '2024-01-10', data_fine: '2024-12-31' }),
      comm(w, {
        tipo_evento: 'CES',
        data_inizio: '2024-01-10',
        data_invio: '2024-06-03',
        data_evento: '2024-06-01',
        motivo_cessazione: 'DI',
        data_fine: '2024-12-31',
      }),
      comm(w, {
        tipo_evento: 'CES',
        data_inizio: '2024-01-10',
        data_invio: '2024-06-20',
        data_evento: '2024-06-15',
        motivo_cessazione: 'LI',
        data_fine: '2024-12-31',
      }),
      comm(w, {
        tipo_evento: 'PRO',
        data_inizio: '2024-01-10',
        data_invio: '2024-07-01',
        data_evento: '2024-07-01',
        data_fine: '2025-06-30',
      }),
      // another employer: a second rapporto of the same worker, in Bergamo
      comm(w, { datore_id: 'DAT2', sede_comune: '016024', data_inizio: '2024-08-01', data_fine: '2025-01-31' }),
    ]);
    expect(
      await query(
        db,
        `SELECT datore_id, data_inizio::VARCHAR AS inizio, fine::VARCHAR AS fine, motivo_cessazione AS motivo,
                                   cessazione_implicita AS implicita, provincia, comunicazioni::INTEGER AS n
                            FROM rapporti ORDER BY data_inizio`,
      ),
    ).toEqual([
      {
        datore_id: 'DAT1',
        inizio: '2024-01-10',
        fine: '2024-06-01',
        motivo: 'DI',
        implicita: false,
        provincia: 'MI',
        n: 4,
      },
      {
        datore_id: 'DAT2',
        inizio: '2024-08-01',
        fine: '2025-01-31',
        motivo: null,
        implicita: true,
        provincia: 'BG',
        n: 1,
      },
    ]);
    expect(await query(db, "SELECT dettaglio FROM qualita_dati WHERE tipo = 'evento_dopo_la_fine'")).toEqual([
      { dettaglio: 'event on 2024-07-01 after the end on 2024-06-01' },
    ]);
  });

  it('R7: takes the worker attributes from the latest communication; R9: placeholders are no expiry', async () => {
    const first = worker('W', { scadenza_permesso: '2025-01-31' });
    const later = worker('W', { titolo_soggiorno: '4', motivo_permesso: 'LAVOR', scadenza_permesso: '1900-01-01' });
    const { db } = await built([
      comm(later, { data_inizio: '2025-02-01', data_invio: '2025-01-30', tipo_contratto: 'A.01.00' }),
      comm(first, { data_inizio: '2024-02-01', data_invio: '2024-01-30', data_fine: '2024-12-31' }),
    ]);
    expect(
      await query(
        db,
        `SELECT titolo_soggiorno, scadenza_permesso, scadenza_comunicata::VARCHAR AS comunicata FROM lavoratori`,
      ),
    ).toEqual([{ titolo_soggiorno: '4', scadenza_permesso: null, comunicata: '1900-01-01' }]);
  });
});

describe('build', () => {
  it('rebuilds only when data changed, and a failed data test stops the build and keeps the old tables', async () => {
    const { db, dir, build } = await built([comm(worker('W'), { data_fine: '2025-05-31' })]);
    expect(build.stdout).toContain('rapporti: 1 rows');
    const again = await runCli(['--db', db, 'build'], {});
    expect(again.stdout).toContain('up to date');

    // A row that no extract could load (ingest rejects it): a cessazione before the hire.
    const handle = await openDatabase(db);
    await handle.run(`INSERT INTO co_comunicazioni SELECT * REPLACE ('BAD' AS codice_comunicazione, 'CES' AS tipo_evento,
                        DATE '2024-12-01' AS data_evento, 'DI' AS motivo_cessazione, 99 AS batch_id) FROM co_comunicazioni`);
    await handle.run(
      "INSERT INTO batches (batch_id, kind, file_name, file_path, sha256, size_bytes, status, started_at) VALUES (99, 'co', 'x', 'x', 'x', 0, 'loaded', now())",
    );
    handle.close();
    const failed = await runCli(['--db', db, 'build'], {});
    expect(failed.code).toBe(1);
    // caught in the versions, so no day's state can hold it
    expect(failed.stderr).toContain('model rapporti_versioni');
    expect(failed.stderr).toContain('no version of a rapporto ends before it starts');
    expect(failed.stderr).toContain('2024-12-01');
    expect(await query(db, 'SELECT count(*)::INTEGER AS n, min(fine)::VARCHAR AS fine FROM rapporti')).toEqual([
      { n: 1, fine: '2025-05-31' },
    ]);
    expect(dir).toBeTruthy();
  });

  it('rebuilds a database built by other models: the fingerprint includes their SQL', async () => {
    const { db } = await built([comm(worker('W'), { data_fine: '2025-05-31' })]);
    // As a database built before this version left it: the data and reference part only.
    const handle = await openDatabase(db);
    await handle.run(
      "UPDATE meta SET value = regexp_replace(value, '\\|models:.*$', '') WHERE key = 'build_fingerprint'",
    );
    handle.close();
    const again = await runCli(['--db', db, 'build'], {});
    expect(again.stdout).toContain('rapporti: 1 rows');
    expect((await runCli(['--db', db, 'build'], {})).stdout).toContain('up to date');
  });
});
