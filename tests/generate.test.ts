import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticPartitaIva } from '../src/generate/codiceFiscale.js';
import { cfCheckChar } from '../src/ingest/codiceFiscale.js';
import { generateCo } from '../src/generate/generateCo.js';
import { projectRoot } from '../src/runtime/paths.js';
import { ingest, query, runCli, tempDir } from './helpers.js';

const digest = (files: string[]) => files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'));

describe('generate: synthetic CO extracts', () => {
  it('computes check characters as the published algorithm does (checked by hand)', () => {
    expect(cfCheckChar('RSSMRA85T10A562')).toBe('S');
    expect(cfCheckChar('MRTMTT91D08F205')).toBe('J');
    expect(cfCheckChar('BNCGVN80A41F205')).toBe('Q');
    expect(syntheticPartitaIva(1).length).toBe(11);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const options = { workers: 500, from: '2024-01', to: '2024-04', identifiers: 'cf' as const };
    const a = generateCo({ ...options, seed: 's1', out: tempDir() });
    const b = generateCo({ ...options, seed: 's1', out: tempDir() });
    const c = generateCo({ ...options, seed: 's2', out: tempDir() });
    expect(a.files.map((f) => path.basename(f))).toEqual([
      'co_2024-01.csv',
      'co_2024-02.csv',
      'co_2024-03.csv',
      'co_2024-04.csv',
    ]);
    expect(digest(a.files)).toEqual(digest(b.files));
    expect(digest(a.files)).not.toEqual(digest(c.files));
  });

  it('writes the mix an analyst expects, and every row passes ingest', async () => {
    const dir = tempDir();
    const { files, rows } = generateCo({
      workers: 4000,
      from: '2024-01',
      to: '2025-06',
      seed: 'mix',
      out: dir,
      identifiers: 'cf',
    });
    const db = path.join(dir, 'co.duckdb');
    const run = await ingest(db, files);
    expect(run.code).toBe(0);
    const read = run.results.reduce((s, r) => s + r.rows_read, 0);
    expect(read).toBe(rows);
    expect(run.results.reduce((s, r) => s + r.rows_rejected, 0)).toBe(0);
    const [mix] = await query<Record<string, number>>(
      db,
      `
      SELECT count(*) FILTER (WHERE tipo_evento = 'ASS')::INTEGER AS ass,
             count(*) FILTER (WHERE tipo_evento = 'PRO')::INTEGER AS pro,
             count(*) FILTER (WHERE tipo_evento = 'TRS')::INTEGER AS trs,
             count(*) FILTER (WHERE tipo_evento = 'CES')::INTEGER AS ces,
             count(*) FILTER (WHERE tipo_comunicazione = 'RET')::INTEGER AS ret,
             count(*) FILTER (WHERE tipo_comunicazione = 'ANN')::INTEGER AS ann,
             count(*) FILTER (WHERE tipo_evento = 'ASS' AND tipo_contratto IN ('A.02.00', 'A.02.01', 'N.02.00'))::INTEGER AS ass_td,
             count(DISTINCT provincia)::INTEGER AS province,
             count(DISTINCT cittadinanza)::INTEGER AS cittadinanze,
             count(*) FILTER (WHERE scadenza_permesso < data_invio::DATE AND titolo_soggiorno = '1')::INTEGER AS scaduti,
             count(*) FILTER (WHERE titolo_soggiorno = '3')::INTEGER AS in_rinnovo,
             count(*) FILTER (WHERE titolo_soggiorno = '7')::INTEGER AS lungo_periodo,
             count(*) FILTER (WHERE titolo_soggiorno = '4' AND scadenza_permesso = DATE '1900-01-01')::INTEGER AS attesa_1900,
             count(*) FILTER (WHERE titolo_soggiorno = '5' AND scadenza_permesso = DATE '2099-12-31')::INTEGER AS carta_2099,
             count(*) FILTER (WHERE motivo_permesso = 'LASTA')::INTEGER AS stagionali,
             count(*) FILTER (WHERE data_invio >= DATE '2025-04-01' AND datore_ateco = '41.00.00')::INTEGER AS ateco2025
      FROM co_comunicazioni`,
    );
    for (const [name, n] of Object.entries(mix!)) expect(n, name).toBeGreaterThan(0);
    expect(mix!.ass_td! * 2).toBeGreaterThan(mix!.ass!); // a majority of fixed-term hires
    expect(mix!.province).toBe(12);
    const [repeats] = await query<{ n: number }>(db, 'SELECT count(*)::INTEGER AS n FROM co_ripetizioni');
    expect(repeats!.n).toBeGreaterThan(0);
    // Hires carry CP2011 qualifications of their sector: codes whose first four parts are a
    // CP2011 category, in more than half of the major groups. The one other code is the
    // changed field of a conflicting repeat (R2), 9.9.9.9.9.9, on purpose not a category.
    const [occupations] = await query<{ gruppi: number; ignote: string[] }>(
      db,
      `SELECT count(DISTINCT left(c.qualifica, 1)) FILTER (WHERE r.codice IS NOT NULL)::INTEGER AS gruppi,
              list(DISTINCT c.qualifica) FILTER (WHERE r.codice IS NULL) AS ignote
       FROM co_comunicazioni c
       LEFT JOIN ref_cp2011 r ON r.codice = regexp_extract(c.qualifica, '^([0-9]+(\\.[0-9]+){3})', 1) AND r.livello::INTEGER = 4
       WHERE c.tipo_evento = 'ASS'`,
    );
    expect(occupations!.gruppi).toBeGreaterThanOrEqual(7);
    expect((occupations!.ignote ?? []).filter((q) => q !== '9.9.9.9.9.9')).toEqual([]);
  });

  it('writes INPS and ISTAT extracts consistent with the CO data, which ingest cleanly', async () => {
    const dir = tempDir();
    const { contextFiles } = generateCo({
      workers: 3000,
      from: '2024-01',
      to: '2025-06',
      seed: 'ctx',
      out: dir,
      identifiers: 'id',
    });
    expect(contextFiles.map((f) => path.basename(f))).toEqual([
      'inps_beneficiari.csv',
      'istat_stranieri_residenti.csv',
    ]);
    const db = path.join(dir, 'co.duckdb');
    for (const [kind, file] of [
      ['inps', contextFiles[0]!],
      ['istat', contextFiles[1]!],
    ]) {
      const run = await runCli(['--db', db, 'ingest', kind!, '--json', file!], {});
      const result = JSON.parse(run.stdout.trim()).files[0];
      expect(result).toMatchObject({ status: 'loaded', rows_rejected: 0 });
      expect(result.warnings.map((w: { code: string }) => w.code)).not.toContain('totale_incoerente');
    }
    const [counts] = await query<Record<string, number>>(
      db,
      `
      SELECT (SELECT sum(beneficiari) FROM inps_beneficiari WHERE prestazione = 'NASPI' AND gruppo_cittadinanza = 'NUE')::INTEGER AS naspi_nue,
             (SELECT count(DISTINCT periodo) FROM inps_beneficiari)::INTEGER AS semestri,
             (SELECT count(DISTINCT provincia) FROM istat_residenti WHERE livello = 'provincia')::INTEGER AS province,
             (SELECT count(DISTINCT anno) FROM istat_residenti)::INTEGER AS anni`,
    );
    expect(counts).toMatchObject({ semestri: 3, province: 12, anni: 2 });
    expect(counts!.naspi_nue).toBeGreaterThan(0);
  });

  it('streams: a large run fits in a small, fixed heap', () => {
    const out = tempDir();
    const run = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=96',
        path.join(projectRoot, 'bin', 'co-pipeline.js'),
        '--log-level',
        'warn',
        'generate',
        '--workers',
        '150000',
        '--from',
        '2023-01',
        '--to',
        '2025-06',
        '--seed',
        '1',
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const rows = Number(/^(\d+) communications/.exec(run.stdout)?.[1]);
    expect(rows).toBeGreaterThan(300_000); // about 60 MB of CSV through a 96 MB heap
  });
});
