import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { coCsv, readText, runCli, tempDir, writeFile } from './helpers.js';
import { headline } from './reportMarkdown.js';
import { comm, scenarioColumns, scenarioDb, worker } from './scenarios.js';

/**
 * Coverage, measured and said: a semester is covered when the data hold each of its
 * six months in normal volume (at least half the count of the median month, the
 * median taken over the communications: src/db/monthly_volume.sql); report refuses
 * what the data do not cover unless --allow-partial, run writes only covered
 * semesters, and the ingest counts communications dated after the extract's period
 * or in the future.
 */

/** n hires sent in a month (YYYY-MM), each its own worker, in Milano. */
const hires = (month: string, n: number, tag: string) =>
  Array.from({ length: n }, (_, i) =>
    comm(worker(`${tag}${month}-${i}`), {
      data_inizio: `${month}-1${i}`,
      data_fine: `${month}-28`,
      datore_id: `DAT-${tag}`,
    }),
  );

/**
 * 2025-H1 with 4 communications a month in January to April, 2 in May and 1 in June:
 * 19 in all; by month, sorted: 1, 2, 4, 4, 4, 4, so the median communication (the
 * 10th) is in a month of 4 and the bar is 2. May (2) is at the bar: normal. June (1)
 * is below it: thin.
 */
const thinJune = [
  ...['2025-01', '2025-02', '2025-03', '2025-04'].flatMap((m) => hires(m, 4, 'A')),
  ...hires('2025-05', 2, 'A'),
  ...hires('2025-06', 1, 'A'),
];

describe('report semiannual: a semester or province the data do not cover', () => {
  it('refuses a semester with a thin month (exit 1), naming the semester, the month and --allow-partial', async () => {
    const { dir, db } = await scenarioDb(thinJune);
    const run = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--out', path.join(dir, 'r')],
      {},
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the data do not cover the semester 2025-H1');
    expect(run.stderr).toContain('2025-06 thin');
    expect(run.stderr).not.toContain('2025-05'); // at the bar: normal
    expect(run.stderr).toContain('--allow-partial');
    expect(existsSync(path.join(dir, 'r'))).toBe(false);
  });

  it('refuses a semester the data do not reach (exit 1): every month missing', async () => {
    const { dir, db } = await scenarioDb(thinJune);
    const run = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2030-H1', '--out', path.join(dir, 'r')],
      {},
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'the data do not cover the semester 2030-H1: 2030-01, 2030-02, 2030-03, 2030-04, 2030-05, 2030-06 missing',
    );
    expect(existsSync(path.join(dir, 'r'))).toBe(false);
  });

  it('refuses a province without communications (exit 1); an unknown province stays a usage error (exit 2)', async () => {
    // every month of 2025-H1 in Milano, 3 communications each: the region is covered
    const { dir, db } = await scenarioDb(
      ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'].flatMap((m) => hires(m, 3, 'M')),
    );
    const region = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--out', path.join(dir, 'region')],
      {},
    );
    expect(region.code, region.stderr).toBe(0);
    const rome = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--province', 'RM', '--out', path.join(dir, 'rm')],
      {},
    );
    expect(rome.code).toBe(1);
    expect(rome.stderr).toContain(
      'the data do not cover the semester 2025-H1 for the province RM: 2025-01, 2025-02, 2025-03, 2025-04, 2025-05, 2025-06 missing',
    );
    expect(rome.stderr).toContain('--allow-partial');
    const unknown = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--province', 'ZZ', '--out', path.join(dir, 'zz')],
      {},
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown province ZZ');
  });

  it('--semester latest is the latest covered semester, not the one a stray communication reaches', async () => {
    // 2025-H1 covered; one stray hire sent in 2025-12: 2025-H2 holds only that month, thinly
    const { dir, db } = await scenarioDb(
      ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']
        .flatMap((m) => hires(m, 3, 'L'))
        .concat(hires('2025-12', 1, 'S')),
    );
    const run = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', 'latest', '--out', path.join(dir, 'r')],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Semi-annual report 2025-H1');
    const h2 = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2025-H2', '--out', path.join(dir, 'h2')],
      {},
    );
    expect(h2.code).toBe(1);
    expect(h2.stderr).toContain(
      '2025-07, 2025-08, 2025-09, 2025-10, 2025-11 missing (no communications); 2025-12 thin',
    );
  });

  it('--allow-partial writes the report, and the page opens with the warning above the headline', async () => {
    const { dir, db } = await scenarioDb(thinJune);
    const out = path.join(dir, 'r');
    const run = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--allow-partial', '--out', out],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.logs.some((l) => l.level === 40 && String(l.msg).includes('2025-06 thin'))).toBe(true);
    const md = readText(path.join(out, 'report.md'));
    const warning = md.indexOf('**Attenzione: dati incompleti.**');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(md.indexOf('| Indicatore | Valore |'));
    expect(md).toContain('non coprono tutto il 1° semestre 2025: è scarso il mese 2025-06');
    expect(headline(md)['Attivazioni (rapporti) di lavoratori non UE']).toBeDefined();
    const html = readText(path.join(out, 'report.html'));
    const box = html.indexOf('<p class="warning" role="alert"><strong>Attenzione: dati incompleti.</strong>');
    expect(box).toBeGreaterThan(0);
    expect(box).toBeLessThan(html.indexOf('<div class="cards">'));
    expect(html.slice(box, html.indexOf('</p>', box))).toContain('2025-06');
  });

  it('a covered semester opens with no warning', async () => {
    const { dir, db } = await scenarioDb(
      ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'].flatMap((m) => hires(m, 2, 'C')),
    );
    const out = path.join(dir, 'r');
    expect((await runCli(['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--out', out], {})).code).toBe(
      0,
    );
    expect(readText(path.join(out, 'report.md'))).not.toContain('Attenzione: dati incompleti');
    expect(readText(path.join(out, 'report.html'))).not.toContain('class="warning"');
  });
});

describe("ingest: communications dated after the extract's period or in the future", () => {
  it("counts them in two warnings, against the ingest day of the command's clock, and status lists them", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    // 2025-01 to 2025-06, 4 a month (the bar is 2: 26 rows, sorted months 1, 1, 4, ...: the
    // 13th communication is in a month of 4); one sent 2026-03-10, one 2026-09-01; today is 2026-06-15
    const rows = [
      ...['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'].flatMap((m) => hires(m, 4, 'W')),
      comm(worker('STRAY'), { data_inizio: '2026-03-10', data_fine: '2026-06-30' }),
      comm(worker('FUTURE'), { data_inizio: '2026-09-01', data_fine: '2026-12-31' }),
    ];
    const file = writeFile(dir, 'co_2025-06.csv', coCsv(rows, { columns: scenarioColumns }));
    const today = () => new Date(2026, 5, 15, 12, 0, 0);
    const run = await runCli(['--db', db, 'ingest', 'co', '--json', file], {}, { now: today });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout).files[0] as {
      rows_loaded: number;
      warnings: { code: string; column: string; n: number; message: string }[];
    };
    expect(result.rows_loaded).toBe(26); // loaded all the same
    const dated = result.warnings.filter((w) => w.code.startsWith('data_invio_'));
    expect(dated.map((w) => [w.code, w.column, w.n])).toEqual([
      ['data_invio_after_period', 'data_invio', 1],
      ['data_invio_future', 'data_invio', 1],
    ]);
    expect(dated[0]!.message).toContain(
      "1 communications sent after the extract's period (its last month in normal volume is 2025-06), in 2026-03",
    );
    expect(dated[1]!.message).toContain('1 communications dated after today (2026-06-15), in 2026-09');
    const status = await runCli(['--db', db, 'status', '--json'], {});
    const warnings = (JSON.parse(status.stdout) as { warnings: { code: string; n: number }[] }).warnings;
    expect(warnings.filter((w) => w.code.startsWith('data_invio_')).map((w) => [w.code, Number(w.n)])).toEqual([
      ['data_invio_after_period', 1],
      ['data_invio_future', 1],
    ]);
  });

  it('says nothing of an extract whose months are all in normal volume, nor of a file of a few rows', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const monthly = writeFile(
      dir,
      'a.csv',
      coCsv([...hires('2025-05', 1, 'R'), ...hires('2025-06', 5, 'N')], { columns: scenarioColumns }),
    );
    // one row in each of two months: each month is the whole of its volume
    const few = writeFile(
      dir,
      'b.csv',
      coCsv([...hires('2024-03', 1, 'F'), ...hires('2024-09', 1, 'G')], { columns: scenarioColumns }),
    );
    const run = await runCli(
      ['--db', db, 'ingest', 'co', '--json', monthly, few],
      {},
      { now: () => new Date(2026, 5, 15) },
    );
    expect(run.code, run.stderr).toBe(0);
    for (const file of (JSON.parse(run.stdout) as { files: { warnings: { code: string }[] }[] }).files) {
      expect(file.warnings.map((w) => w.code)).toEqual([]);
    }
  });
});

describe('run: one stray late communication', () => {
  it('writes the report of the covered semester, none for the semester the stray reaches, and warns of the stray', async () => {
    const dir = tempDir();
    const inbox = path.join(dir, 'inbox');
    const out = path.join(dir, 'out');
    const db = path.join(dir, 'co.duckdb');
    generateCo({ workers: 300, from: '2025-01', to: '2025-06', seed: 'coverage', out: inbox, identifiers: 'id' });
    // a copy of the June extract's last communication, sent 2026-03-10 (months after the rest)
    const june = path.join(inbox, 'co_2025-06.csv');
    const [head, ...lines] = readFileSync(june, 'utf8').trim().split('\n');
    const columns = head!.split(';');
    const stray = lines.at(-1)!.split(';');
    stray[columns.indexOf('codice_comunicazione')] = '9999999999999999';
    stray[columns.indexOf('data_invio')] = '2026-03-10 09:00:00';
    appendFileSync(june, `${stray.join(';')}\n`);

    const run = await runCli(
      ['--db', db, 'run', '--inbox', inbox, '--out', out, '--as-of', '2025-06-30'],
      {},
      { now: () => new Date(2026, 3, 5) },
    );
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, any>;
    expect(summary.semiannual_report).toMatchObject({ semestre: '2025-H1', status: 'written' });
    expect(readdirSync(out).filter((d) => d.startsWith('rapporto-semestrale-'))).toEqual([
      'rapporto-semestrale-2025-H1',
    ]);
    expect(readText(path.join(out, 'rapporto-semestrale-2025-H1', 'report.md'))).not.toContain(
      'Attenzione: dati incompleti',
    );
    const status = await runCli(['--db', db, 'status', '--json'], {});
    const warnings = (JSON.parse(status.stdout) as { warnings: { code: string; n: number; message: string }[] })
      .warnings;
    expect(warnings.filter((w) => w.code.startsWith('data_invio_')).map((w) => [w.code, Number(w.n)])).toEqual([
      ['data_invio_after_period', 1],
    ]);
  }, 120_000);
});
