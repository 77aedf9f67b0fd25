import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { referenceTables } from '../src/db/referenceTables.js';
import { referenceDir } from '../src/runtime/paths.js';
import { coCsv, coRow, ingest, query, runCli, tempDir, writeFile, emptyDatabase } from './helpers.js';

describe('reference tables', () => {
  it.each(referenceTables.map((t) => [t.name, t] as const))('shipped %s.csv satisfies its schema', (name, table) => {
    const rows = parse(readFileSync(path.join(referenceDir, `${name}.csv`)), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(table.schema.safeParse(row).success, JSON.stringify(row)).toBe(true);
    expect(new Set(rows.map((r) => r[table.key])).size).toBe(rows.length);
  });

  it('knows EU membership by date as listed in the issue', () => {
    const rows = parse(readFileSync(path.join(referenceDir, 'paesi.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const byCode = Object.fromEntries(rows.map((r) => [r.codice, r]));
    expect(byCode['250']).toMatchObject({ iso3: 'HRV', ue_dal: '2013-07-01', ue_al: '' });
    expect(byCode['235']).toMatchObject({ ue_dal: '2007-01-01' });
    expect(byCode['219']).toMatchObject({ ue_dal: '1973-01-01', ue_al: '2020-01-31' });
    expect(byCode['233']).toMatchObject({ ue_dal: '2004-05-01' });
    expect(byCode['241']).toMatchObject({ ue_dal: '', senza_permesso: 'S' });
    expect(byCode['436']).toMatchObject({ ue_dal: '', senza_permesso: 'N' });
    expect(rows.filter((r) => r.ue_dal && !r.ue_al && r.codice !== '000').length).toBe(27);
  });

  it('lets a user extend a code list with --reference-dir', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const file = writeFile(dir, 'a.csv', coCsv([coRow({ tipo_evento: 'CES', motivo_cessazione: 'QQ' })]));
    const shipped = await ingest(db, [file]);
    expect(shipped.results[0]!.warnings.map((w: { code: string }) => w.code)).toEqual(['unknown_motivo_cessazione']);

    const extra = path.join(dir, 'ref');
    writeFile(
      dir,
      'ref/motivi_cessazione.csv',
      'codice,descrizione,gruppo,fonte\nQQ,Nuovo motivo,LICENZIAMENTO,circolare 2026\n',
    );
    const withDir = await runCli([
      '--db',
      path.join(dir, 'co3.duckdb'),
      '--reference-dir',
      extra,
      'ingest',
      'co',
      '--json',
      file,
    ]);
    expect(withDir.code).toBe(0);
    expect(JSON.parse(withDir.stdout).files[0].warnings).toEqual([]);
    expect(
      await query(path.join(dir, 'co3.duckdb'), "SELECT gruppo FROM ref_motivi_cessazione WHERE codice = 'QQ'"),
    ).toEqual([{ gruppo: 'LICENZIAMENTO' }]);
  });

  it('rejects a malformed user reference file, naming file, line and column', async () => {
    const dir = tempDir();
    writeFile(dir, 'ref/motivi_cessazione.csv', 'codice,descrizione,gruppo,fonte\nQQ,Nuovo,LICENZIAMENTI,x\n');
    const run = await runCli([
      '--db',
      await emptyDatabase(path.join(dir, 'co.duckdb')),
      '--reference-dir',
      path.join(dir, 'ref'),
      'status',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('motivi_cessazione.csv, line 2, column gruppo');
  });
});
