import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareGolden } from './compareGolden.js';
import { readText, runCli } from './helpers.js';
import { headline, markdownTable } from './reportMarkdown.js';
import { comm, correct, scenarioDb, worker } from './scenarios.js';

/**
 * The semi-annual report on four workers whose figures were worked out by hand
 * (2025-H1 = 2025-01-01 .. 2025-06-30; compared with 2024-H2 and 2024-H1).
 *
 * A, Morocco (non-EU), M, permit expiring 2025-08-15: fixed-term 2024-02-01..2024-03-31
 *   (2024-H1: activation and implied cessation); fixed-term 2025-01-10..2025-03-31
 *   (2025-H1: activation, implied cessation); fixed-term 2025-05-01..2025-08-31 (2025-H1
 *   activation: re-employed 31 days after the end, active on 2025-06-30). Two activations
 *   of one worker in 2025-H1. On 2025-06-30 (W = 2025-06-30..2025-09-28) his only active
 *   contract ends in W and his permit expires in W: two flags (CONTRACT_ENDING and
 *   PERMIT_AT_RISK EXPIRING_CONTRACT_ENDING), one person.
 * B, Albania (non-EU), F: open-ended from 2024-09-01 (2024-H2 activation), resigned
 *   2025-02-28 (2025-H1 communicated cessation), and a second cessazione of the same
 *   rapporto on 2025-04-02 (neither a rettifica nor an annullamento): R5, the earliest
 *   decides, so one cessation, on 2025-02-28. No new job: not re-employed; in a crisis
 *   basin on 2025-06-30.
 * C, Italy, M: fixed-term from 2025-03-01 (2025-H1 activation), transformed to
 *   open-ended on 2025-06-01.
 * D, Romania (EU), F: open-ended from 2024-01-15 (2024-H1 activation), the first
 *   communication of the data.
 * E, Italy: in each month the workers above send nothing, a hire cancelled in the
 *   same month (ORD and its ANN): no rapporto and no figure, but the data hold every
 *   month from 2024-01 to 2025-06 in normal volume (1 or 2 communications a month,
 *   the median month 2, so the bar is 1), and the three semesters are covered.
 */
const A = worker('A', { scadenza_permesso: '2025-08-15' });
const B = worker('B', { cittadinanza: '201', sesso: 'F', data_nascita: '1985-02-01' });
const noPermit = { titolo_soggiorno: '', motivo_permesso: '', scadenza_permesso: '' };
const C = worker('C', { cittadinanza: '000', ...noPermit });
const D = worker('D', { cittadinanza: '235', sesso: 'F', data_nascita: '1995-01-01', ...noPermit });
const TI = 'A.01.00';
const rows = [
  comm(A, { data_inizio: '2024-02-01', data_fine: '2024-03-31' }),
  comm(A, { data_inizio: '2025-01-10', data_fine: '2025-03-31', datore_id: 'DAT2' }),
  comm(A, { data_inizio: '2025-05-01', data_fine: '2025-08-31', datore_id: 'DAT3' }),
  comm(B, { data_inizio: '2024-09-01', tipo_contratto: TI, datore_id: 'DAT4' }),
  comm(B, {
    tipo_evento: 'CES',
    data_inizio: '2024-09-01',
    data_invio: '2025-03-02',
    data_evento: '2025-02-28',
    motivo_cessazione: 'DI',
    tipo_contratto: TI,
    datore_id: 'DAT4',
  }),
  comm(B, {
    tipo_evento: 'CES',
    data_inizio: '2024-09-01',
    data_invio: '2025-04-03',
    data_evento: '2025-04-02',
    motivo_cessazione: 'LI',
    tipo_contratto: TI,
    datore_id: 'DAT4',
  }),
  comm(C, { data_inizio: '2025-03-01', data_fine: '2025-12-31', datore_id: 'DAT5' }),
  comm(C, {
    tipo_evento: 'TRS',
    data_inizio: '2025-03-01',
    data_invio: '2025-06-01',
    data_evento: '2025-06-01',
    data_fine: '',
    tipo_contratto: TI,
    codice_trasformazione: 'DI',
    datore_id: 'DAT5',
  }),
  comm(D, { data_inizio: '2024-01-15', tipo_contratto: TI, datore_id: 'DAT6' }),
];
const E = worker('E', { cittadinanza: '000', ...noPermit });
for (const month of [
  '2024-03',
  '2024-04',
  '2024-05',
  '2024-06',
  '2024-07',
  '2024-08',
  '2024-10',
  '2024-11',
  '2024-12',
  '2025-02',
]) {
  const hire = comm(E, { data_inizio: `${month}-10`, data_fine: `${month}-28`, datore_id: 'DAT7' });
  rows.push(hire, correct(hire, 'ANN', { data_invio: `${month}-12` }));
}

/**
 * The open report of this scenario, byte for byte (tests/golden/README.md): report.md,
 * the data package and one CSV per ORIM table. The output is byte-deterministic with
 * --date pinned; the marker file is left out, as it records when it was written
 * (written_at), and so are the page, the charts and the Parquet and Arrow files, whose
 * bytes follow the versions of the libraries writing them (Vega, DuckDB, apache-arrow)
 * rather than the report's figures.
 */
const goldenDir = fileURLToPath(new URL('golden/report-semiannual', import.meta.url));
const goldenFiles = (file: string) =>
  file === 'report.md' || file === 'tables/datapackage.json' || /^tables\/[^/]+\.csv$/.test(file);
const updateGolden = process.env.UPDATE_GOLDEN === '1';

describe('semi-annual report: figures worked out by hand', () => {
  // Both reports are written before the tests read them: the helpers' temporary
  // directories are removed after each test.
  let md: string;
  let suppressed: { code: number; stderr: string; md: string; flussiCsv: string };
  let files: string[];
  let html: string;
  let usage: { code: number; stderr: string }[];
  let goldenDifference: string | undefined;
  beforeAll(async () => {
    const { dir, db } = await scenarioDb(rows);
    const run = await runCli(
      [
        '--db',
        db,
        'report',
        'semiannual',
        '--semester',
        '2025-H1',
        '--min-cell',
        '1',
        '--date',
        '2026-11-23',
        '--out',
        path.join(dir, 'open'),
      ],
      {},
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    md = readText(path.join(dir, 'open', 'report.md'));
    html = readText(path.join(dir, 'open', 'report.html'));
    const all = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? all(path.join(d, e.name)).map((f) => `${e.name}/${f}`) : [e.name],
      );
    files = all(path.join(dir, 'open'));
    goldenDifference = compareGolden(goldenDir, path.join(dir, 'open'), goldenFiles, updateGolden);
    const out = path.join(dir, 'suppressed');
    const second = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--date', '2026-11-23', '--out', out],
      {},
    );
    suppressed = {
      code: second.code,
      stderr: second.stderr,
      md: second.code === 0 ? readText(path.join(out, 'report.md')) : '',
      flussiCsv: second.code === 0 ? readText(path.join(out, 'tables', 'co_flussi_contratto.csv')) : '',
    };
    usage = [];
    for (const args of [
      ['--semester', '2025-H3'],
      ['--semester', '2025-H1', '--province', 'ZZ'],
      ['--semester', '2025-H1', '--min-cell', '0'],
    ]) {
      usage.push(await runCli(['--db', db, 'report', 'semiannual', ...args, '--out', path.join(dir, 'bad')], {}));
    }
  });

  it('writes report.md, datapackage.json and the ORIM CSV files byte for byte as the golden folder holds them', () => {
    // thrown, not compared with expect, so the message reads as written (file, line, both lines)
    if (goldenDifference) throw new Error(goldenDifference);
  });

  it('refuses a bad semester, an unknown province or threshold with a usage error (exit 2)', () => {
    expect(usage.map((u) => u.code)).toEqual([2, 2, 2]);
    expect(usage[0]!.stderr).toContain('YYYY-H1');
    expect(usage[1]!.stderr).toContain('unknown province ZZ');
    expect(usage[2]!.stderr).toContain('--min-cell');
  });

  it('headline figures of the non-EU workers: rapporti beside workers, flags beside people', () => {
    expect(md).toContain('# Il lavoro dei cittadini non UE in Lombardia: 1° semestre 2025');
    expect(headline(md)).toEqual({
      // A's two hires (DAT2, DAT3): two rapporti, one worker
      'Attivazioni (rapporti) di lavoratori non UE': '2',
      'Lavoratori non UE attivati': '1',
      // A's implied end on 2025-03-31 and B's rapporto once (its two CES count one): two rapporti, two workers
      'Cessazioni (rapporti, comunicate e implicite)': '2',
      'Lavoratori non UE cessati': '2',
      'Saldo (rapporti)': '0', // 2 - 2
      'Rapporti attivi al 2025-06-30': '1',
      'Rioccupati entro 90 giorni (provvisorio)': '50,0%',
      // A carries two flags: one person, two flags
      'Lavoratori segnalati al 2025-06-30 (persone)': '1',
      'Segnalazioni al 2025-06-30 (un lavoratore può averne due)': '2',
      'Nei bacini di crisi': '1',
      'Attivazioni per 1.000 residenti non UE': 'n.d.', // no ISTAT extract loaded
    });
  });

  it('workers flagged: flags by province and reason, then people beside flags', () => {
    expect(markdownTable(md, 'Segnalazioni di lavoratori non UE al 2025-06-30, per provincia e motivo')).toEqual([
      ['Provincia', 'Contratto in scadenza', 'Permesso e contratto in scadenza', 'Totale'],
      ['Milano', '1', '1', '2'], // A's two flags
      ['Totale', '1', '1', '2'],
    ]);
    expect(markdownTable(md, 'Lavoratori non UE segnalati al 2025-06-30: persone e segnalazioni')).toEqual([
      ['Territorio', 'Lavoratori segnalati (persone)', 'di cui con due segnalazioni', 'Segnalazioni'],
      ['Lombardia', '1', '1', '2'], // A: one person with two flags; 1 + 1 = 2
    ]);
  });

  it('flows by citizenship group: rapporti and workers, one cessation per rapporto, the transformation to open-ended', () => {
    expect(markdownTable(md, 'Flussi per gruppo di cittadinanza')).toEqual([
      [
        'Cittadinanza',
        'Attivazioni (rapporti)',
        'Lavoratori attivati',
        'Cessazioni comunicate (rapporti)',
        'Cessazioni a termine (implicite, rapporti)',
        'Lavoratori cessati',
        'Trasformazioni a tempo indeterminato',
        'Proroghe',
        'Saldo (rapporti)',
      ],
      // C: hired (TD), transformed to open-ended once; saldo 1 - 0 (the transformation moves the rapporto, +1 TI -1 TD)
      ['Italiani', '1', '1', '0', '0', '0', '1', '0', '1'],
      // A: 2 hires, 1 worker; B's rapporto ended once (2 CES sent), A's ended on its planned end: 2 workers
      ['Non UE', '2', '1', '1', '1', '2', '0', '0', '0'],
      // workers counted over all groups: A and C hired, A and B ended
      ['Totale', '3', '2', '1', '1', '2', '1', '0', '1'],
    ]);
    // Among non-EU workers, by contract: B's cessation in TI (the earliest CES, an open-ended
    // contract), A's two fixed-term hires and the implied end in TD.
    expect(markdownTable(md, 'Lavoratori non UE: flussi per tipo di contratto').slice(1)).toEqual([
      ['Tempo indeterminato', '0', '0', '1', '0', '1', '0', '0', '-1'],
      ['Tempo determinato', '2', '1', '0', '1', '1', '0', '0', '1'],
      ['Totale', '2', '1', '1', '1', '2', '0', '0', '0'],
    ]);
  });

  it('changes against the previous semester and the same semester a year before', () => {
    expect(markdownTable(md, 'Confronto con il semestre precedente e con lo stesso semestre dell’anno prima')).toEqual([
      ['Indicatore', '2025-H1', '2024-H2', 'Var. % su 2024-H2', '2024-H1', 'Var. % su 2024-H1'],
      // 2024-H2: B hired; 2024-H1: A hired and ended (implied), D hired (EU)
      ['Attivazioni (rapporti) (non UE)', '2', '1', '+100,0%', '1', '+100,0%'],
      ['Lavoratori attivati (non UE)', '1', '1', '0,0%', '1', '0,0%'],
      ['Cessazioni (rapporti) (non UE)', '2', '0', 'n.d.', '1', '+100,0%'],
      ['Lavoratori cessati (non UE)', '2', '0', 'n.d.', '1', '+100,0%'],
      ['Saldo (rapporti) (non UE)', '0', '1', 'n.d.', '0', 'n.d.'],
      ['Attivazioni (rapporti) (tutti i lavoratori)', '3', '1', '+200,0%', '2', '+50,0%'],
      ['Lavoratori attivati (tutti i lavoratori)', '2', '1', '+100,0%', '2', '0,0%'],
      ['Cessazioni (rapporti) (tutti i lavoratori)', '2', '0', 'n.d.', '1', '+100,0%'],
      ['Lavoratori cessati (tutti i lavoratori)', '2', '0', 'n.d.', '1', '+100,0%'],
      ['Saldo (rapporti) (tutti i lavoratori)', '1', '1', 'n.d.', '1', 'n.d.'],
    ]);
  });

  it('the largest non-EU citizenships', () => {
    expect(markdownTable(md, 'Le dieci principali cittadinanze non UE per attivazioni').slice(1)).toEqual([
      ['Marocco', '2', '1', '1', 'n.d.', '+100,0%'],
      // Albania had no activation in 2025-H1 (only B's cessation, once for its two CES): it is among the others
      ['Altre cittadinanze non UE', '0', '1', '-1', 'n.d.', 'n.d.'],
      ['Totale', '2', '2', '0', 'n.d.', 'n.d.'],
    ]);
  });

  it('stock on the last day and re-employment within 90 days, marked provisional', () => {
    expect(markdownTable(md, 'Stock al 2025-06-30 per gruppo di cittadinanza').slice(1)).toEqual([
      ['Italiani', '1', '1'],
      ['UE (non italiani)', '1', '1'],
      ['Non UE', '1', '1'],
      ['Totale', '3', '3'],
    ]);
    expect(markdownTable(md, 'Lavoratori non UE rioccupati entro 90 giorni (provvisorio)').slice(1)).toEqual([
      ['Milano', '2', '1', '50,0%'],
      ['Totale', '2', '1', '50,0%'],
    ]);
    expect(md).toContain('servono i dati fino al 2025-09-28');
  });

  it('data quality: rows, implied cessations; suppression turned off says so', () => {
    expect(markdownTable(md, 'Righe lette e scartate (tutti gli estratti caricati)').slice(1)).toEqual([
      ['Comunicazioni obbligatorie', '29', '0', '0,0%'], // A to D's 9, E's 10 hires and their 10 annullamenti
    ]);
    // 1 implied (A) of 2 cessations: B's rapporto counts once (with its second CES it would be 1 of 3)
    expect(md).toContain(
      'Cessazioni implicite nel semestre (rapporti a termine giunti alla fine prevista senza comunicazione di cessazione): 1, il 50% delle cessazioni.',
    );
    expect(md).toContain('Soppressione delle celle disattivata (--min-cell 1)');
  });

  it('with the default threshold, no count below 5 is published, not even in the headline', () => {
    expect(suppressed.stderr).toBe('');
    expect(suppressed.code).toBe(0);
    const text = suppressed.md;
    expect(headline(text)['Attivazioni (rapporti) di lavoratori non UE']).toBe('n.p.');
    expect(headline(text)['Lavoratori non UE attivati']).toBe('n.p.');
    expect(headline(text)['Lavoratori segnalati al 2025-06-30 (persone)']).toBe('n.p.');
    expect(headline(text)['Segnalazioni al 2025-06-30 (un lavoratore può averne due)']).toBe('n.p.');
    // every count from 1 to 4 withheld; what is shown is a zero (a zero may also be
    // withheld, as the complement a pattern needs: protectionPatterns.ts)
    const flows = markdownTable(text, 'Flussi per gruppo di cittadinanza').slice(1);
    expect(flows.map((r) => r[0])).toEqual(['Italiani', 'Non UE', 'Totale']);
    const shown = flows.flatMap((r) => r.slice(1)).filter((v) => v !== 'n.p.');
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((v) => v === '0')).toBe(true);
    expect(text).toMatch(/In tutto sono soppresse \d+ celle/);
    // the data-quality note does not give away the implied cessations the flow tables withhold
    expect(text).toContain('senza comunicazione di cessazione): n.p. Rapporti noti');
    // every ORIM table row with a count is suppressed too
    const csv = suppressed.flussiCsv.trim().split('\n');
    expect(csv.length).toBeGreaterThan(1);
    expect(csv.slice(1).every((line) => line.endsWith(',true'))).toBe(true);
  });

  it('writes every file through a temporary name: none is left behind; the page fetches nothing', () => {
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'report.html',
        'report.md',
        'charts/semestri.svg',
        'tables/datapackage.json',
        'tables/co_flussi_contratto.csv',
        'tables/co_flussi_contratto.parquet',
        'tables/co_flussi_contratto.arrow',
      ]),
    );
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('<svg');
  });
});
