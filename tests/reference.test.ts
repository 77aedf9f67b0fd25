import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { referenceTables } from '../src/db/referenceTables.js';
import { referenceDir } from '../src/runtime/paths.js';
import { coCsv, coRow, ingest, query, runCli, tempDir, writeFile, emptyDatabase } from './helpers.js';

describe('reference tables', () => {
  it.each(referenceTables.map((t) => [t.name, t] as const))('shipped %s.csv satisfies its schema', (name, table) => {
    const text = readFileSync(path.join(referenceDir, `${name}.csv`));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect((parse(text, { to_line: 1 }) as string[][])[0]).toEqual(Object.keys(table.schema.shape));
    // the mapping of municipalities to CPI and ambito is the region's: shipped with its header only
    if (name === 'aree_comuni') expect(rows).toEqual([]);
    else expect(rows.length).toBeGreaterThan(0);
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

  it('loads a file with its header only as an empty table of its columns, as text', async () => {
    const dir = tempDir();
    const db = await emptyDatabase(path.join(dir, 'co.duckdb'));
    expect((await runCli(['--db', db, 'status'])).code).toBe(0);
    expect(await query(db, 'SELECT count(*)::INTEGER AS n FROM ref_aree_comuni')).toEqual([{ n: 0 }]);
    expect(
      await query(
        db,
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'ref_aree_comuni' ORDER BY ordinal_position`,
      ),
    ).toEqual(
      [
        'codice_istat',
        'denominazione',
        'provincia',
        'cpi_codice',
        'cpi_nome',
        'ambito_codice',
        'ambito_nome',
        'fonte',
      ].map((column_name) => ({ column_name, data_type: 'VARCHAR' })),
    );
  });

  it('the sample mapping of samples/reference is valid, marked as an example, and its municipalities are Lombard ones of their province', async () => {
    const sample = path.join(referenceDir, '..', 'samples', 'reference');
    const dir = tempDir();
    const db = await emptyDatabase(path.join(dir, 'co.duckdb'));
    expect((await runCli(['--db', db, '--reference-dir', sample, 'status'])).code).toBe(0);
    const rows = await query<{ codice_istat: string; fonte: string; comune: string | null; provincia: string }>(
      db,
      `SELECT a.codice_istat, a.fonte, c.provincia AS comune, a.provincia FROM ref_aree_comuni a
       LEFT JOIN ref_comuni c ON c.codice = a.codice_istat ORDER BY 1`,
    );
    expect(rows.length).toBe(10);
    expect(rows.map((r) => r.codice_istat)).toContain('015146'); // Milano
    for (const r of rows) {
      expect(r.fonte).toMatch(/^ESEMPIO /);
      expect(r.comune, r.codice_istat).toBe(r.provincia);
    }
    expect(new Set(rows.map((r) => r.provincia))).toEqual(new Set(['MI', 'BG', 'BS']));
  });

  it('rejects a user mapping of areas with a bad row or a bad header, naming file, line and column', async () => {
    const dir = tempDir();
    const db = await emptyDatabase(path.join(dir, 'co.duckdb'));
    const head = 'codice_istat,denominazione,provincia,cpi_codice,cpi_nome,ambito_codice,ambito_nome,fonte\n';
    const status = () => runCli(['--db', db, '--reference-dir', path.join(dir, 'ref'), 'status']);
    // line 3: a 5-digit code (a spreadsheet dropped the leading zero)
    writeFile(
      dir,
      'ref/aree_comuni.csv',
      `${head}015146,Milano,MI,C1,CPI Milano,A1,Ambito Milano,\n15189,Rozzano,MI,C2,CPI Rozzano,A2,Ambito Sud,\n`,
    );
    let run = await status();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('aree_comuni.csv, line 3, column codice_istat');
    // line 2: '?' is the code of the municipalities not mapped
    writeFile(dir, 'ref/aree_comuni.csv', `${head}015146,Milano,MI,?,CPI Milano,A1,Ambito Milano,\n`);
    run = await status();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('aree_comuni.csv, line 2, column cpi_codice');
    // a header without the ambito, even with no row under it
    writeFile(dir, 'ref/aree_comuni.csv', 'codice_istat,denominazione,provincia,cpi_codice,cpi_nome,fonte\n');
    run = await status();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('aree_comuni.csv, line 1, column ambito_codice: missing from the header');
    // line 3: Rozzano (015189) is in the province of Milano, not Bergamo
    writeFile(
      dir,
      'ref/aree_comuni.csv',
      `${head}015146,Milano,MI,C1,CPI Milano,A1,Ambito Milano,\n015189,Rozzano,BG,C2,CPI Rozzano,A2,Ambito Sud,\n`,
    );
    run = await status();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('aree_comuni.csv, line 3, column provincia: municipality 015189 is in MI');
    // line 2: 015000 is no municipality (no ISTAT code ends in 000)
    writeFile(dir, 'ref/aree_comuni.csv', `${head}015000,Nessuno,MI,C1,CPI Milano,A1,Ambito Milano,\n`);
    run = await status();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('aree_comuni.csv, line 2, column codice_istat: 015000 is not a municipality');
    // line 3: Milano twice (its events would be counted twice)
    writeFile(
      dir,
      'ref/aree_comuni.csv',
      `${head}015146,Milano,MI,C1,CPI Milano,A1,Ambito Milano,\n015146,Milano,MI,C2,CPI Due,A2,Ambito Due,\n`,
    );
    run = await status();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('aree_comuni.csv, line 3, column codice_istat: municipality 015146 is mapped twice');
  });
});
