import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { generateCo } from '../src/generate/generateCo.js';
import { orimTable, parseSemester, parseYear, type Period } from '../src/marts/orimTables.js';
import { comparedPeriods } from '../src/marts/report/semesters.js';
import { annualWording, columnDescriptions } from '../src/marts/orimDictionary.js';
import { ingest, readText, runCli, writeFile, type CliRun } from './helpers.js';
import { chromiumAvailable } from './browserCheck.js';
import { headline, markdownTable } from './reportMarkdown.js';
import { comm, correct, scenarioDb, worker } from './scenarios.js';

/**
 * The annual report (report annual), worked out by hand. Non-EU workers, all in Milano:
 *
 * A hired 2024-03-10, fixed-term to 2024-05-31: an activation in 2024-H1 and an implied
 *   cessation on 2024-05-31 (the data reach December).
 * B hired 2024-09-16, fixed-term to 2025-03-31: an activation in 2024-H2; its planned end
 *   is beyond the data, not a cessation.
 * C hired 2024-02-05 to 2024-04-30 (implied cessation in H1), hired again 2024-10-07 open-
 *   ended by another employer: two activations, one in each semester, one worker.
 * D hired 2023-06-01 to 2023-08-31: 2023's one activation and one (implied) cessation.
 *
 * So 2024: activations A + B + C twice = 4 (2 in each semester); cessations A and C's first
 * = 2; saldo 4 - 2 = 2; workers hired A, B, C = 3, while each semester has 2 (A and C, B and
 * C): 2 + 2 = 4 is not the year's 3. 2023: 1, 1, 0, 1 worker.
 *
 * E, Italian, fills every month of 2023 and 2024 with a hire cancelled in its month (no
 * rapporto, no figure), and November and December 2022, so that 2023 and 2024 are covered
 * (each month 2 or 3 communications, the median month 2, the bar 1) and 2022 is in the
 * span of the data but not covered (January to October missing).
 *
 * INPS: NASPI of non-EU recipients in Milano, 5 in 2024-H1, 4 in 2024-H2 and 7 in INPS's row
 * of the year 2024; CIGO only by semester (3 and 2).
 */
const A = worker('A');
const B = worker('B');
const C = worker('C');
const D = worker('D');
const E = worker('E', { cittadinanza: '000', titolo_soggiorno: '', motivo_permesso: '', scadenza_permesso: '' });
const rows = [
  comm(A, { data_inizio: '2024-03-10', data_fine: '2024-05-31' }),
  comm(B, { data_inizio: '2024-09-16', data_fine: '2025-03-31', datore_id: 'DAT2' }),
  comm(C, { data_inizio: '2024-02-05', data_fine: '2024-04-30', datore_id: 'DAT3' }),
  comm(C, { data_inizio: '2024-10-07', tipo_contratto: 'A.01.00', datore_id: 'DAT4' }),
  comm(D, { data_inizio: '2023-06-01', data_fine: '2023-08-31', datore_id: 'DAT5' }),
];
const months = ['2022-11', '2022-12'];
for (const y of ['2023', '2024']) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
for (const month of months) {
  const hire = comm(E, { data_inizio: `${month}-10`, data_fine: `${month}-28`, datore_id: 'DAT9' });
  rows.push(hire, correct(hire, 'ANN', { data_invio: `${month}-12` }));
}
const inps = [
  'periodo;provincia;prestazione;cittadinanza;sesso;beneficiari;ore_autorizzate',
  '2024-H1;MI;NASPI;NUE;;5;',
  '2024-H2;MI;NASPI;NUE;;4;',
  '2024;MI;NASPI;NUE;;7;',
  '2024-H1;MI;CIGO;NUE;;3;',
  '2024-H2;MI;CIGO;NUE;;2;',
].join('\n');

describe('report annual: the year from 1 January to 31 December, worked out by hand', () => {
  let dir: string;
  let open: CliRun;
  let md: string;
  /** The files of the open report, read before the helpers remove the folder after the first test. */
  let files: { chart: boolean; inps: string; flows: string; datapackage: string; marker: string };
  let withheld: string;
  let semesters: string[];
  let refused: CliRun;
  let partial: { run: CliRun; md: string };
  let provinceRefused: CliRun;
  let wrongFolder: CliRun;
  let usage: CliRun;
  const report = (db: string, args: string[]) => runCli(['--db', db, 'report', ...args, '--date', '2025-02-01'], {});
  beforeAll(async () => {
    const made = await scenarioDb(rows);
    dir = made.dir;
    const db = made.db;
    const loaded = await runCli(['--db', db, 'ingest', 'inps', writeFile(dir, 'inps.csv', inps)], {});
    if (loaded.code !== 0) throw new Error(loaded.stderr);
    open = await report(db, ['annual', '--json', '--year', 'latest', '--min-cell', '1', '--out', path.join(dir, 'a')]);
    md = open.code === 0 ? readText(path.join(dir, 'a', 'report.md')) : '';
    const a = (file: string) => (existsSync(path.join(dir, 'a', file)) ? readText(path.join(dir, 'a', file)) : '');
    files = {
      chart: existsSync(path.join(dir, 'a', 'charts', 'serie-annuale.svg')),
      inps: a('tables/inps_beneficiari.csv'),
      flows: a('tables/co_flussi_contratto.csv'),
      datapackage: a('tables/datapackage.json'),
      marker: a('.co-pipeline-output.json'),
    };
    const second = await report(db, ['annual', '--year', '2024', '--out', path.join(dir, 'b')]);
    withheld = second.code === 0 ? readText(path.join(dir, 'b', 'report.md')) : second.stderr;
    semesters = [];
    for (const s of ['2024-H1', '2024-H2']) {
      const run = await report(db, ['semiannual', '--semester', s, '--min-cell', '1', '--out', path.join(dir, s)]);
      semesters.push(run.code === 0 ? readText(path.join(dir, s, 'report.md')) : run.stderr);
    }
    refused = await report(db, ['annual', '--year', '2022', '--out', path.join(dir, 'refused')]);
    const p = await report(db, [
      'annual',
      '--year',
      '2022',
      '--allow-partial',
      '--min-cell',
      '1',
      '--out',
      path.join(dir, 'partial'),
    ]);
    partial = { run: p, md: p.code === 0 ? readText(path.join(dir, 'partial', 'report.md')) : '' };
    provinceRefused = await report(db, ['annual', '--year', '2024', '--province', 'BG', '--out', path.join(dir, 'bg')]);
    wrongFolder = await report(db, ['annual', '--year', '2024', '--out', path.join(dir, '2024-H1')]);
    usage = await report(db, ['annual', '--year', '24', '--out', path.join(dir, 'usage')]);
  }, 240_000);

  it('counts the year over its own twelve months, not by adding the semesters', () => {
    expect(open.stderr).toBe('');
    expect(open.code).toBe(0);
    expect(md).toContain('# Il lavoro dei cittadini non UE in Lombardia: rapporto annuale 2024');
    expect(md).toContain('dal 2024-01-01 al 2024-12-31');
    expect(headline(md)).toMatchObject({
      'Attivazioni (rapporti) di lavoratori non UE': '4', // A, B, C twice
      'Lavoratori non UE attivati': '3', // A, B, C: C once
      'Cessazioni (rapporti, comunicate e implicite)': '2', // A and C's first rapporto, on their planned ends
      'Saldo (rapporti)': '2', // 4 - 2
      'Rapporti attivi al 2024-12-31': '2', // B and C's second
    });
    // each semester's own report: 2 activations and 2 workers (A and C; C and B)
    for (const s of semesters) {
      expect(headline(s)).toMatchObject({
        'Attivazioni (rapporti) di lavoratori non UE': '2',
        'Lavoratori non UE attivati': '2',
      });
    }
  });

  it('compares with the previous year only', () => {
    expect(markdownTable(md, 'Confronto con l’anno precedente').slice(0, 6)).toEqual([
      ['Indicatore', '2024', '2023', 'Var. % su 2023'],
      ['Attivazioni (rapporti) (non UE)', '4', '1', '+300,0%'], // (4 - 1) / 1
      ['Lavoratori attivati (non UE)', '3', '1', '+200,0%'], // (3 - 1) / 1
      ['Cessazioni (rapporti) (non UE)', '2', '1', '+100,0%'], // (2 - 1) / 1
      ['Lavoratori cessati (non UE)', '2', '1', '+100,0%'],
      ['Saldo (rapporti) (non UE)', '2', '0', 'n.d.'], // no change of a saldo
    ]);
    // the ten largest citizenships: Morocco, 4 activations against 2023's 1
    expect(markdownTable(md, 'Le dieci principali cittadinanze non UE per attivazioni')[1]).toEqual([
      'Marocco',
      '4',
      '2',
      '2',
      '+300,0%',
    ]);
    expect(md).toContain('rispetto all’anno precedente');
  });

  it('gives the series of the covered years and names the year the data do not cover', () => {
    expect(
      markdownTable(md, 'Lavoratori non UE: attivazioni, cessazioni, saldo e lavoratori attivati per anno, 2023-2024'),
    ).toEqual([
      ['Anno', 'Attivazioni (rapporti)', 'Cessazioni (rapporti)', 'Saldo (rapporti)', 'Lavoratori attivati'],
      ['2023', '1', '1', '0', '1'], // D
      ['2024', '4', '2', '2', '3'], // the headline's figures
    ]);
    expect(md).toContain('Non è nella serie il 2022: i dati caricati non lo coprono per intero');
    expect(files.chart).toBe(true);
    // the series shows each figure as the flow tables did: 4, 2, 2 and 3 are small counts
    expect(
      markdownTable(
        withheld,
        'Lavoratori non UE: attivazioni, cessazioni, saldo e lavoratori attivati per anno, 2023-2024',
      ).slice(1),
    ).toEqual([
      ['2023', 'n.p.', 'n.p.', 'n.p.', 'n.p.'],
      ['2024', 'n.p.', 'n.p.', 'n.p.', 'n.p.'],
    ]);
    expect(headline(withheld)['Attivazioni (rapporti) di lavoratori non UE']).toBe('n.p.');
  });

  it("takes INPS's row of the year, never the semesters added up, and says which benefits INPS gives by semester only", () => {
    expect(markdownTable(md, 'Beneficiari INPS nel 2024, per prestazione e cittadinanza')).toEqual([
      ['Prestazione', 'Non UE', 'Totale'],
      ['NASPI', '7', '7'], // INPS's 2024 row: not 5 + 4
      ['Totale', '7', '7'],
    ]);
    expect(md).toContain('Per CIGO (2024-H1, 2024-H2) INPS dà soltanto i semestri del 2024');
    const csv = files.inps.trim().split('\n');
    expect(csv).toEqual([
      'anno,provincia,codice_provincia,prestazione,gruppo_cittadinanza,beneficiari,soppressa',
      '2024,MI,015,NASPI,NUE,7,false',
    ]);
  });

  it('writes the ORIM tables of the year with the period column anno, described as the annual edition', () => {
    const flows = files.flows.trim().split('\n');
    const head = flows[0]!.split(',');
    expect(head[0]).toBe('anno');
    const nue = flows
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c[head.indexOf('gruppo_cittadinanza')] === 'NUE');
    expect(nue.every((c) => c[0] === '2024')).toBe(true);
    // A and B fixed-term (TD), C once TD and once TI: 4 activations
    expect(nue.reduce((a, c) => a + Number(c[head.indexOf('attivazioni')]), 0)).toBe(4);
    const pkgText = files.datapackage;
    const pkg = JSON.parse(pkgText);
    expect(pkg.name).toBe('orim-co-2024');
    const contratto = pkg.resources.find((r: { name: string }) => r.name === 'co_flussi_contratto');
    expect(contratto.schema.primaryKey).toEqual(['anno', 'provincia', 'gruppo_cittadinanza', 'gruppo_contratto']);
    expect(contratto.schema.fields[0]).toEqual({ name: 'anno', type: 'string', description: columnDescriptions.anno });
    expect(contratto.schema.fields.find((f: { name: string }) => f.name === 'attivazioni').description).toBe(
      "Attivazioni: rapporti di lavoro avviati nell'anno (comunicazioni di assunzione efficaci).",
    );
    // no title or description of the annual edition speaks of a semester
    expect(pkgText).not.toMatch(/semestr/i);
    const marker = JSON.parse(files.marker);
    expect(marker.kind).toBe('annual-report');
  });

  it('prints the result as docs/cli.md says with --json; --year latest is the latest covered year', () => {
    expect(JSON.parse(open.stdout)).toEqual({
      ok: true,
      command: 'report annual',
      exit_code: 0,
      anno: '2024',
      province: null,
      out: path.join(dir, 'a'),
      html: path.join(dir, 'a', 'report.html'),
      markdown: path.join(dir, 'a', 'report.md'),
      pdf: chromiumAvailable ? path.join(dir, 'a', 'report.pdf') : null,
      tables: expect.any(Number),
      suppressed: 0,
      provisional: true, // the data end in 2024-12, before 2024-12-31 + 90 days
    });
  });

  it('refuses a year the data do not cover (exit 1) naming its months, and writes it with --allow-partial behind the warning', () => {
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the data do not cover the year 2022 (both semesters)');
    expect(refused.stderr).toContain('2022-01, 2022-02');
    expect(refused.stderr).toContain('--allow-partial');
    expect(existsSync(path.join(dir, 'refused'))).toBe(false);
    expect(partial.run.code).toBe(0);
    expect(partial.md).toContain('**Attenzione: dati incompleti.** I dati CO caricati non coprono tutto il 2022');
    expect(partial.md).toContain('Nessun anno fino al 2022 è coperto per intero dai dati caricati');
    expect(provinceRefused.code).toBe(1);
    expect(provinceRefused.stderr).toContain('for the province BG');
  });

  it('writes only into its own kind of folder, and refuses a year that is not one', () => {
    expect(wrongFolder.code).toBe(2);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('YYYY');
  });

  it('words the year as the annual edition: anno for semestre, and the previous year compared', () => {
    expect(parseYear('2024')).toEqual({ kind: 'year', semestre: '2024', inizio: '2024-01-01', fine: '2024-12-31' });
    expect(comparedPeriods(parseYear('2024')).map((p) => p.semestre)).toEqual(['2023']);
    expect(annualWording("Data di riferimento: 1° gennaio dell'anno del semestre.")).toBe(
      "Data di riferimento: 1° gennaio dell'anno.",
    );
    expect(annualWording('Rapporti attivi a fine semestre per sezione ATECO')).toBe(
      'Rapporti attivi a fine anno per sezione ATECO',
    );
  });
});

describe('report annual on generated data', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'co-annual-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let md: string;
  let exact: Record<string, { attivazioni: number; cessazioni: number; lavoratori: number }>;
  // co_flussi_contratto as each edition publishes it: per period, row key, and measure, the cell ('' withheld)
  const flows: Record<string, Map<string, string>> = {};
  const flowCells = (file: string) => {
    const rows = parse(readText(file), { columns: true }) as Record<string, string>[];
    const cells = new Map<string, string>();
    for (const r of rows)
      for (const m of [
        'attivazioni',
        'cessazioni_comunicate',
        'cessazioni_a_termine',
        'cessazioni',
        'proroghe',
        'saldo',
      ])
        cells.set(`${r.provincia}|${r.gruppo_cittadinanza}|${r.gruppo_contratto}|${m}`, r[m]!);
    return cells;
  };
  beforeAll(async () => {
    const { files, contextFiles } = generateCo({
      workers: 1500,
      from: '2024-01',
      to: '2024-12',
      seed: 'annual',
      out: path.join(dir, 'in'),
      identifiers: 'id',
    });
    const db = path.join(dir, 'co.duckdb');
    expect((await ingest(db, files, [], {})).code).toBe(0);
    expect((await runCli(['--db', db, 'ingest', 'inps', contextFiles[0]!], {})).code).toBe(0);
    expect((await runCli(['--db', db, 'ingest', 'istat', contextFiles[1]!], {})).code).toBe(0);
    const out = path.join(dir, 'annuale');
    const run = await runCli(
      ['--db', db, 'report', 'annual', '--year', '2024', '--date', '2025-02-01', '--out', out],
      {},
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    md = readText(path.join(out, 'report.md'));
    flows['2024'] = flowCells(path.join(out, 'tables', 'co_flussi_contratto.csv'));
    for (const s of ['2024-H1', '2024-H2']) {
      const edition = path.join(dir, s);
      const written = await runCli(
        ['--db', db, 'report', 'semiannual', '--semester', s, '--date', '2025-02-01', '--no-pdf', '--out', edition],
        {},
      );
      expect(written.code).toBe(0);
      flows[s] = flowCells(path.join(edition, 'tables', 'co_flussi_contratto.csv'));
    }
    // the exact non-EU figures of the year and of its semesters, from the ORIM query of each period
    const handle = await openPipelineDb(db);
    const silent = pino({ level: 'silent' });
    exact = {};
    try {
      for (const p of [parseYear('2024'), parseSemester('2024-H1'), parseSemester('2024-H2')] as Period[]) {
        const rows = await orimTable(handle, 'co_flussi_contratto', p, silent);
        const nue = rows.filter((r) => r.gruppo_cittadinanza === 'NUE');
        const [workers] = await handle.all<{ n: string }>(
          `SELECT count(DISTINCT lavoratore_id) AS n FROM co_effettive e JOIN lavoratori l USING (lavoratore_id)
           WHERE e.tipo_evento = 'ASS' AND e.data_inizio BETWEEN $inizio::DATE AND $fine::DATE
             AND gruppo_cittadinanza(l.cittadinanza, e.data_inizio) = 'NUE'`,
          { inizio: p.inizio, fine: p.fine },
        );
        exact[p.semestre] = {
          attivazioni: nue.reduce((a, r) => a + Number(r.attivazioni), 0),
          cessazioni: nue.reduce((a, r) => a + Number(r.cessazioni), 0),
          lavoratori: Number(workers!.n),
        };
      }
    } finally {
      handle.close();
    }
  }, 600_000);

  it('has the events of its two semesters, and fewer workers than the semesters added up', () => {
    const [year, h1, h2] = [exact['2024']!, exact['2024-H1']!, exact['2024-H2']!];
    // rapporti started or ended are events of one day: the year holds each semester's
    expect(year.attivazioni).toBe(h1.attivazioni + h2.attivazioni);
    expect(year.cessazioni).toBe(h1.cessazioni + h2.cessazioni);
    // a worker hired in both semesters is one worker of the year
    expect(year.lavoratori).toBeLessThan(h1.lavoratori + h2.lavoratori);
    expect(year.lavoratori).toBeGreaterThanOrEqual(Math.max(h1.lavoratori, h2.lavoratori));
    const fmt = (v: number) => new Intl.NumberFormat('it-IT', { useGrouping: 'always' }).format(v);
    // shown, or withheld (a semester's edition withholds a figure it is made of)
    const shownOr = (v: number) => expect.toSatisfy((text: string) => text === fmt(v) || text === 'n.p.');
    expect(headline(md)).toMatchObject({
      'Attivazioni (rapporti) di lavoratori non UE': shownOr(year.attivazioni),
      'Lavoratori non UE attivati': fmt(year.lavoratori),
      'Cessazioni (rapporti, comunicate e implicite)': shownOr(year.cessazioni),
    });
    // the series' row of the year is the headline's
    const series = markdownTable(
      md,
      'Lavoratori non UE: attivazioni, cessazioni, saldo e lavoratori attivati per anno, 2024',
    );
    expect(series[1]).toEqual([
      '2024',
      headline(md)['Attivazioni (rapporti) di lavoratori non UE'],
      headline(md)['Cessazioni (rapporti, comunicate e implicite)'],
      headline(md)['Saldo (rapporti)'],
      fmt(year.lavoratori),
    ]);
  });

  it('shows a cell of the flows of the year only where both semester editions show the cells it adds up, and then their sum', () => {
    let shown = 0;
    let withheldByASemester = 0;
    for (const [key, cell] of flows['2024']!) {
      const parts = ['2024-H1', '2024-H2'].map((s) => flows[s]!.get(key));
      // a row a semester's table does not have is a zero there
      const known = parts.every((p) => p !== '');
      if (cell !== '') {
        shown++;
        expect(known, key).toBe(true);
        expect(Number(cell), key).toBe(parts.reduce((a, p) => a + Number(p ?? 0), 0));
      } else if (!known) withheldByASemester++;
    }
    // both cases happen on these data: the rule was exercised
    expect(shown).toBeGreaterThan(10);
    expect(withheldByASemester).toBeGreaterThan(10);
  });
});
