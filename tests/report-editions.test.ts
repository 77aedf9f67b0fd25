import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { runCli, TEST_KEY } from './helpers.js';

/**
 * `report semiannual --province all`: the region's edition and one per province of
 * Lombardy the data cover, in one run that builds the models and decides the ORIM
 * tables once; each edition is the report `--province XX` writes on its own.
 */
const env = { CO_PSEUDONYM_KEY: TEST_KEY };
const lombardy = ['VA', 'CO', 'SO', 'MI', 'BG', 'BS', 'PV', 'CR', 'MN', 'LC', 'LO', 'MB'];

describe('report semiannual --province all', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'co-test-editions-'));
    db = path.join(dir, 'co.duckdb');
    const { files } = generateCo({
      workers: 1500,
      from: '2025-01',
      to: '2025-06',
      seed: 'editions',
      out: path.join(dir, 'gen'),
      identifiers: 'cf',
    });
    // Sondrio (ISTAT province 014) sends nothing in March: the data do not cover its semester
    const march = files.find((f) => f.includes('2025-03'))!;
    const [header, ...lines] = readFileSync(march, 'utf8').trimEnd().split('\n');
    const place = header!.split(';').indexOf('sede_comune');
    writeFileSync(march, `${[header, ...lines.filter((l) => !l.split(';')[place]!.startsWith('014'))].join('\n')}\n`);
    expect((await runCli(['--db', db, '--no-snapshot', 'ingest', 'co', ...files], env)).code).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const report = (out: string, more: string[] = []) =>
    runCli(
      [
        '--db',
        db,
        '--no-snapshot',
        '--json',
        'report',
        'semiannual',
        '--semester',
        '2025-H1',
        '--date',
        '2025-07-15',
        ...more,
        '--out',
        out,
      ],
      env,
    );
  const read = (...p: string[]) => readFileSync(path.join(...p), 'utf8');

  it('writes the region and every covered province once, each as the single report of it', async () => {
    const out = path.join(dir, 'all');
    const run = await report(out, ['--province', 'all']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      editions: { province: string | null; out: string }[];
      skipped: { province: string; reason: string }[];
    };
    const written = result.editions.map((e) => e.province ?? 'regione');
    // every province of Lombardy is either written or named as not covered, in ISTAT's order
    expect([...written.slice(1), ...result.skipped.map((s) => s.province)].sort()).toEqual([...lombardy].sort());
    expect(written[0]).toBe('regione');
    expect(written).toContain('MI');
    expect(readdirSync(out).sort()).toEqual([...written, '.co-pipeline-output.json'].sort());
    // one decision of the ORIM tables and one build of the models for all the editions (the state
    // on the semester's end is views over them)
    expect(run.logs.filter((l) => l.msg === 'ORIM tables audited')).toHaveLength(1);
    expect(run.logs.filter((l) => l.msg === 'models built')).toHaveLength(1);
    expect(run.logs.filter((l) => l.msg === 'model built' && l.model === 'rapporti')).toHaveLength(1);
    expect(run.logs.filter((l) => l.msg === 'point-in-time views set').length).toBeGreaterThan(0);

    // the Milano edition is the report of Milano, and the region's is the region's report
    const mi = path.join(dir, 'mi');
    expect((await report(mi, ['--province', 'MI'])).code).toBe(0);
    const region = path.join(dir, 'region');
    expect((await report(region)).code).toBe(0);
    for (const file of [
      'report.md',
      'tables/co_flussi_contratto.csv',
      'tables/lavoratori_a_rischio.csv',
      'tables/datapackage.json',
    ]) {
      expect(read(out, 'MI', file), file).toBe(read(mi, file));
      expect(read(out, 'regione', file), file).toBe(read(region, file));
    }
  }, 600_000);

  it('leaves out a province the data do not cover and says why; --allow-partial writes it with the warning', async () => {
    const run = await report(path.join(dir, 'partial'), ['--province', 'all']);
    const result = JSON.parse(run.stdout) as { skipped: { province: string; reason: string }[] };
    expect(result.skipped.map((s) => s.province)).toContain('SO');
    expect(result.skipped.find((s) => s.province === 'SO')!.reason).toContain(
      'the data do not cover the semester 2025-H1 for the province SO: 2025-03 missing',
    );
    expect(readdirSync(path.join(dir, 'partial'))).not.toContain('SO');
    const partial = path.join(dir, 'partial-allowed');
    expect((await report(partial, ['--province', 'all', '--allow-partial'])).code).toBe(0);
    expect(readdirSync(partial)).toContain('SO');
    expect(read(partial, 'SO', 'report.md')).toContain('2025-03');
  }, 600_000);

  it('refuses to write the editions over a single report, and a single report over the editions', async () => {
    const region = path.join(dir, 'region');
    const run = await report(region, ['--province', 'all']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('holds a semi-annual report, not the editions of a semi-annual report');
  });
});
