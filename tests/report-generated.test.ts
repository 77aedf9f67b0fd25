import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { projectRoot } from '../src/runtime/paths.js';
import { browserSkipNote, browserTestsRun, chromiumAvailable, chromiumPath, openOffline } from './browserCheck.js';
import pino from 'pino';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { orimTable, parseSemester } from '../src/marts/orimTables.js';
import { ingest, query, readText, runCli } from './helpers.js';
import { headingsLastOnPage, isA4, readPdfPages } from './pdfPages.js';
import { headline, markdownTable } from './reportMarkdown.js';

/**
 * The semi-annual report on a generated dataset (CO, INPS and ISTAT extracts
 * consistent with each other): the page opens offline in headless Chromium, its
 * figures agree with the database, the ORIM files agree with datapackage.json,
 * and a province report holds that province only.
 */
const screenshots = path.join(projectRoot, 'test-results');
const silent = pino({ level: 'silent' });

describe('semi-annual report on generated data', () => {
  let region: { dir: string; md: string; stdout: string };
  let milano: { dir: string; md: string };
  let exact: { attivazioni: number; milano: number; lavoratori: number; cessati: number; rapportiCessati: number };
  let flagList: { lines: number; people: number };
  let byOccupation: Map<string, number>;
  let flussi: Record<string, unknown>[];
  let straight: { trasformazioni: number; cessazioni: number };
  const dir = mkdtempSync(path.join(tmpdir(), 'co-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    const { files, contextFiles } = generateCo({
      workers: 2500,
      from: '2024-01',
      to: '2025-06',
      seed: 'report',
      out: path.join(dir, 'in'),
      identifiers: 'id',
    });
    const db = path.join(dir, 'co.duckdb');
    expect((await ingest(db, files, [], {})).code).toBe(0);
    expect((await runCli(['--db', db, 'ingest', 'inps', contextFiles[0]!], {})).code).toBe(0);
    expect((await runCli(['--db', db, 'ingest', 'istat', contextFiles[1]!], {})).code).toBe(0);
    // planned hires of January-June 2025, for the section Domanda di lavoro
    expect(
      (await runCli(['--db', db, 'ingest', 'excelsior', 'fixtures/excelsior/excelsior_entrate_2025.csv'], {})).code,
    ).toBe(0);
    const run = await runCli(
      [
        '--db',
        db,
        'report',
        'semiannual',
        '--semester',
        'latest',
        '--date',
        '2026-11-23',
        '--out',
        path.join(dir, 'region'),
      ],
      {},
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    region = { dir: path.join(dir, 'region'), md: readText(path.join(dir, 'region', 'report.md')), stdout: run.stdout };
    const mi = await runCli(
      [
        '--db',
        db,
        'report',
        'semiannual',
        '--semester',
        '2025-H1',
        '--province',
        'mi',
        '--date',
        '2026-11-23',
        '--out',
        path.join(dir, 'mi'),
      ],
      {},
    );
    expect(mi.code).toBe(0);
    milano = { dir: path.join(dir, 'mi'), md: readText(path.join(dir, 'mi', 'report.md')) };
    // The same figure counted straight from the model, not through the report's queries.
    const [row] = await query<{ n: string; mi: string }>(
      db,
      `
      SELECT count(*) AS n, count(*) FILTER (WHERE e.provincia = 'MI') AS mi
      FROM co_effettive e JOIN lavoratori l USING (lavoratore_id) JOIN ref_paesi p ON p.codice = l.cittadinanza
      WHERE e.tipo_evento = 'ASS' AND e.data_inizio BETWEEN DATE '2025-01-01' AND DATE '2025-06-30'
        AND p.codice_istat <> '100'
        AND NOT coalesce(p.ue_dal::DATE <= e.data_inizio AND (p.ue_al IS NULL OR e.data_inizio <= p.ue_al::DATE), false)`,
    );
    // Distinct non-EU workers hired and ended, and rapporti ended (once each, R5), from the models.
    const [people] = await query<{ lavoratori: string; cessati: string; rapporti: string }>(
      db,
      `
      WITH nue AS (SELECT l.lavoratore_id, p.codice_istat, p.ue_dal, p.ue_al FROM lavoratori l JOIN ref_paesi p ON p.codice = l.cittadinanza),
      non_ue AS (SELECT * FROM nue WHERE codice_istat <> '100'),
      ended AS (
        SELECT r.lavoratore_id, r.fine FROM rapporti r
        WHERE r.fine BETWEEN DATE '2025-01-01' AND DATE '2025-06-30'
          AND (r.data_cessazione IS NOT NULL OR r.fine <= (SELECT max(data_invio)::DATE FROM co_comunicazioni)))
      SELECT (SELECT count(DISTINCT e.lavoratore_id) FROM co_effettive e JOIN non_ue n USING (lavoratore_id)
              WHERE e.tipo_evento = 'ASS' AND e.data_inizio BETWEEN DATE '2025-01-01' AND DATE '2025-06-30'
                AND NOT coalesce(n.ue_dal::DATE <= e.data_inizio AND (n.ue_al IS NULL OR e.data_inizio <= n.ue_al::DATE), false)) AS lavoratori,
             (SELECT count(DISTINCT x.lavoratore_id) FROM ended x JOIN non_ue n USING (lavoratore_id)
              WHERE NOT coalesce(n.ue_dal::DATE <= x.fine AND (n.ue_al IS NULL OR x.fine <= n.ue_al::DATE), false)) AS cessati,
             (SELECT count(*) FROM ended x JOIN non_ue n USING (lavoratore_id)
              WHERE NOT coalesce(n.ue_dal::DATE <= x.fine AND (n.ue_al IS NULL OR x.fine <= n.ue_al::DATE), false)) AS rapporti`,
    );
    // Non-EU activations by CP2011 major group: the first digit of a qualifica whose first four
    // parts are a CP2011 category, '?' otherwise (counted here by splitting the code on its dots).
    const groups = await query<{ g: string; n: string }>(
      db,
      `
      SELECT coalesce(left(r.codice, 1), '?') AS g, count(*) AS n
      FROM co_effettive e JOIN lavoratori l USING (lavoratore_id) JOIN ref_paesi p ON p.codice = l.cittadinanza
      LEFT JOIN ref_cp2011 r ON r.livello::INTEGER = 4 AND r.codice = array_to_string(string_split(e.qualifica, '.')[1:4], '.')
      WHERE e.tipo_evento = 'ASS' AND e.data_inizio BETWEEN DATE '2025-01-01' AND DATE '2025-06-30'
        AND p.codice_istat <> '100'
        AND NOT coalesce(p.ue_dal::DATE <= e.data_inizio AND (p.ue_al IS NULL OR e.data_inizio <= p.ue_al::DATE), false)
      GROUP BY ALL`,
    );
    byOccupation = new Map(groups.map((r) => [r.g, Number(r.n)]));
    exact = {
      attivazioni: Number(row!.n),
      milano: Number(row!.mi),
      lavoratori: Number(people!.lavoratori),
      cessati: Number(people!.cessati),
      rapportiCessati: Number(people!.rapporti),
    };
    // The flag list of the semester's last day, one line per worker and flag.
    const flagsOut = path.join(dir, 'flags.csv');
    expect((await runCli(['--db', db, 'flags', '--as-of', '2025-06-30', '--out', flagsOut], {})).code).toBe(0);
    const flagLines = readText(flagsOut).trim().split('\n').slice(1);
    flagList = { lines: flagLines.length, people: new Set(flagLines.map((l) => l.split(',')[0])).size };
    // co_flussi_contratto of 2025-H1 with its exact figures, and the same counts straight from the models
    const pipeline = await openPipelineDb(db);
    try {
      flussi = await orimTable(pipeline, 'co_flussi_contratto', parseSemester('2025-H1'), silent);
    } finally {
      pipeline.close();
    }
    const [counts] = await query<{ t: string; c: string }>(
      db,
      `
      SELECT (SELECT count(*) FROM co_effettive WHERE tipo_evento = 'TRS' AND codice_trasformazione IN ('DI', 'AI')
                AND data_evento BETWEEN DATE '2025-01-01' AND DATE '2025-06-30') AS t,
             (SELECT count(*) FROM rapporti WHERE fine BETWEEN DATE '2025-01-01' AND DATE '2025-06-30'
                AND (data_cessazione IS NOT NULL OR fine <= (SELECT max(data_invio)::DATE FROM co_comunicazioni))) AS c`,
    );
    straight = { trasformazioni: Number(counts!.t), cessazioni: Number(counts!.c) };
    // the crisis basins of the semester's last day, and of a month later (whose month before is that day)
    for (const asOf of ['2025-06-30', '2025-07-31']) {
      expect(
        (await runCli(['--db', db, 'crisis-basins', '--as-of', asOf, '--out', path.join(dir, `bacini-${asOf}`)], {}))
          .code,
      ).toBe(0);
    }
  }, 300_000);

  it.runIf(browserTestsRun)(
    `opens offline in headless Chromium: no console error, no network request; a screenshot is saved${browserSkipNote}`,
    async () => {
      expect(
        chromiumAvailable,
        `no Chromium at ${chromiumPath}: install Debian chromium (apt-get install -y chromium)`,
      ).toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const shot = path.join(screenshots, 'report-semiannual.png');
      const page = await openOffline(path.join(region.dir, 'report.html'), shot);
      expect(page.consoleErrors).toEqual([]);
      expect(page.pageErrors).toEqual([]);
      expect(page.requests).toEqual([]);
      expect(page.title).toBe('Il lavoro dei cittadini non UE in Lombardia: 1° semestre 2025');
      expect(page.text).toContain('Qualità dei dati e riservatezza');
      expect(statSync(shot).size).toBeGreaterThan(50_000);
    },
    60_000,
  );

  it.runIf(browserTestsRun)(
    `report.pdf beside the page: A4 pages, none ending on a heading or a table title${browserSkipNote}`,
    () => {
      const pdf = readPdfPages(path.join(region.dir, 'report.pdf'));
      expect(pdf.sizes.length).toBeGreaterThan(5);
      expect(pdf.sizes.filter((size) => !isA4(size))).toEqual([]);
      expect(headingsLastOnPage(pdf)).toEqual([]);
    },
  );

  it('the latest complete semester of data ending in June 2025 is 2025-H1', () => {
    expect(region.stdout).toContain('Semi-annual report 2025-H1');
  });

  it('marks the withheld cessations by length in their chart (n.p., the bar left out), as the bar charts of the flows do', () => {
    const alt = /!\[([^\]]*)\]\(charts\/durata-rapporti\.svg\)/.exec(region.md)?.[1] ?? '';
    expect(alt).toContain('Grafico a barre orizzontali: rapporti cessati per classe di durata');
    expect(alt).toMatch(/Non UE n\.p\./);
    expect(alt).toContain('la barra è omessa, non vale zero');
  });

  it('agrees with the database: non-EU activations of the region and of Milano', () => {
    const it = new Intl.NumberFormat('it-IT', { useGrouping: 'always' });
    expect(exact.attivazioni).toBeGreaterThan(100);
    expect(headline(region.md)['Attivazioni (rapporti) di lavoratori non UE']).toBe(it.format(exact.attivazioni));
    const byProvince = markdownTable(region.md, 'Lavoratori non UE: flussi per provincia');
    expect(byProvince.at(-1)!.slice(0, 2)).toEqual(['Totale', it.format(exact.attivazioni)]);
    expect(byProvince.find((r) => r[0] === 'Milano')![1]).toBe(it.format(exact.milano));
    expect(headline(milano.md)['Attivazioni (rapporti) di lavoratori non UE']).toBe(it.format(exact.milano));
  });

  it('agrees with the database: non-EU activations by CP2011 major group beside the planned hires', () => {
    const it = new Intl.NumberFormat('it-IT', { useGrouping: 'always' });
    const table = markdownTable(
      region.md,
      'Entrate previste (Excelsior) e attivazioni di lavoratori non UE (CO) nel 2025-H1, per grande gruppo professionale',
    );
    const activations = new Map(table.slice(1).map((r) => [r[0]!.split(' ')[0]!, r[5]!]));
    // the generated hires carry qualifications of several groups, and a few made-up ones ('?')
    expect([...byOccupation.keys()].filter((g) => g !== '?').length).toBeGreaterThanOrEqual(5);
    expect(activations.get('Totale')).toBe(it.format(exact.attivazioni));
    let shown = 0;
    for (const g of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '?']) {
      const cell = activations.get(g);
      expect(cell, g).toBeDefined();
      if (cell === 'n.p.') continue;
      shown++;
      expect(cell, g).toBe(it.format(byOccupation.get(g) ?? 0));
    }
    expect(shown).toBeGreaterThanOrEqual(5);
  });

  it('agrees with the database: distinct non-EU workers beside rapporti, flagged people beside flags', () => {
    const it = new Intl.NumberFormat('it-IT', { useGrouping: 'always' });
    const h = headline(region.md);
    expect(exact.lavoratori).toBeGreaterThan(50);
    expect(exact.lavoratori).toBeLessThan(exact.attivazioni); // some workers were hired twice
    expect(h['Lavoratori non UE attivati']).toBe(it.format(exact.lavoratori));
    expect(h['Cessazioni (rapporti, comunicate e implicite)']).toBe(it.format(exact.rapportiCessati));
    expect(h['Lavoratori non UE cessati']).toBe(it.format(exact.cessati));
    // the table's total is the distinct count, not the sum of its rows
    const byProvince = markdownTable(region.md, 'Lavoratori non UE: flussi per provincia');
    expect(byProvince[0]![2]).toBe('Lavoratori attivati');
    expect(byProvince.at(-1)![2]).toBe(it.format(exact.lavoratori));
    expect(flagList.people).toBeGreaterThan(5);
    expect(h['Lavoratori segnalati al 2025-06-30 (persone)']).toBe(it.format(flagList.people));
    expect(h['Segnalazioni al 2025-06-30 (un lavoratore può averne due)']).toBe(it.format(flagList.lines));
  });

  it('co_flussi_contratto: trasformazioni_ti counts transformations in the TI row; saldo moves them between contract groups', () => {
    const num = (r: Record<string, unknown>, m: string) => Number(r[m]);
    expect(straight.trasformazioni).toBeGreaterThan(0);
    for (const r of flussi) {
      // the transformations leaving this row's group: what saldo takes off besides the cessations
      const leaving = num(r, 'attivazioni') - num(r, 'cessazioni') + num(r, 'trasformazioni_ti') - num(r, 'saldo');
      expect(leaving).toBe(num(r, 'trasformazioni_uscite'));
      expect(leaving).toBeGreaterThanOrEqual(0);
      if (r.gruppo_contratto === 'TI') expect(leaving).toBe(0);
      else expect(num(r, 'trasformazioni_ti')).toBe(0);
      expect(num(r, 'cessazioni')).toBe(num(r, 'cessazioni_comunicate') + num(r, 'cessazioni_a_termine'));
    }
    const sum = (m: string, rows = flussi) => rows.reduce((a, r) => a + num(r, m), 0);
    expect(sum('trasformazioni_ti')).toBe(straight.trasformazioni);
    expect(sum('trasformazioni_uscite')).toBe(straight.trasformazioni); // each leaves one group
    expect(sum('cessazioni')).toBe(straight.cessazioni); // rapporti ended, once each
    // over the contract groups of every other key, saldo = attivazioni - cessazioni
    const others = ['provincia', 'gruppo_cittadinanza'];
    const lines = new Map<string, Record<string, unknown>[]>();
    for (const r of flussi) {
      const k = others.map((d) => r[d]).join('|');
      lines.set(k, [...(lines.get(k) ?? []), r]);
    }
    for (const rows of lines.values())
      expect(sum('saldo', rows)).toBe(sum('attivazioni', rows) - sum('cessazioni', rows));
  });

  it('formats numbers the Italian way in the report and plainly in the CSV', () => {
    const totals = markdownTable(region.md, 'Stock al 2025-06-30 per gruppo di cittadinanza').at(-1)!;
    expect(totals[1]).toMatch(/^\d{1,3}(\.\d{3})+$/); // e.g. 1.234: thousands separated by a dot
    expect(region.md).not.toMatch(/\| -?\d{4,} \|/);
    expect(region.md).toMatch(/\d+,\d%/); // decimals with a comma
    const csv = readText(path.join(region.dir, 'tables', 'co_stock_contratto.csv'));
    expect(csv).not.toMatch(/\d\.\d{3}[,\n]/);
  });

  it('writes each ORIM table as CSV, Parquet and Arrow with the columns of datapackage.json', async () => {
    const pkg = JSON.parse(readText(path.join(region.dir, 'tables', 'datapackage.json')));
    expect(pkg['x-schema-version']).toBe('2');
    for (const resource of pkg.resources as { name: string; path: string; schema: { fields: { name: string }[] } }[]) {
      const names = resource.schema.fields.map((f) => f.name);
      expect(
        readText(path.join(region.dir, 'tables', resource.path))
          .split('\n')[0]!
          .split(','),
      ).toEqual(names);
      const arrow = tableFromIPC(readFileSync(path.join(region.dir, 'tables', `${resource.name}.arrow`)));
      expect(arrow.schema.fields.map((f) => f.name)).toEqual(names);
      const parquet = await query<{ name: string }>(
        ':memory:',
        `SELECT name FROM parquet_schema('${path.join(region.dir, 'tables', `${resource.name}.parquet`)}') WHERE num_children IS NULL OR num_children = 0`,
      );
      expect(parquet.map((c) => c.name)).toEqual(names);
    }
  });

  it('a province report holds that province only', () => {
    expect(milano.md).toContain('# Il lavoro dei cittadini non UE in provincia di Milano: 1° semestre 2025');
    const csv = readText(path.join(milano.dir, 'tables', 'co_flussi_contratto.csv'))
      .trim()
      .split('\n');
    const provincia = csv[0]!.split(',').indexOf('provincia');
    expect(csv.length).toBeGreaterThan(1);
    expect(csv.slice(1).every((line) => line.split(',')[provincia] === 'MI')).toBe(true);
    expect(milano.md).not.toContain('flussi per provincia');
  });

  it("shows the crisis basins of the semester's last day as the crisis-basin outputs of that day and of a month later do, in the region and in Milano", () => {
    // a count as a file or the report shows it: the number, or W for withheld (n.p. in the report, empty in the CSV)
    const md = (v: string) => (v === 'n.p.' ? 'W' : v.replace(/\./g, ''));
    const csv = (file: string) => {
      const [header, ...lines] = readText(file)
        .trim()
        .split('\n')
        .map((l) => l.split(','));
      return lines.map((l) => Object.fromEntries(header!.map((h, i) => [h, l[i] === '' ? 'W' : l[i]!])));
    };
    const now = csv(path.join(dir, 'bacini-2025-06-30', 'bacini_crisi_provincia.csv'));
    const later = csv(path.join(dir, 'bacini-2025-07-31', 'bacini_crisi_provincia.csv'));
    const report = markdownTable(region.md, 'Bacini di crisi al 2025-06-30, per provincia').slice(1);
    const names: Record<string, string> = {
      TOTALE: 'Totale',
      MI: 'Milano',
      BG: 'Bergamo',
      BS: 'Brescia',
      CO: 'Como',
      CR: 'Cremona',
      LC: 'Lecco',
      LO: 'Lodi',
      MN: 'Mantova',
      MB: 'Monza e della Brianza',
      PV: 'Pavia',
      SO: 'Sondrio',
      VA: 'Varese',
    };
    const fromFile = now.map((r) => [names[r.provincia!] ?? r.provincia, r.lavoratori, r.di_cui_permesso_a_rischio]);
    // the report lists the provinces with workers in a basin on the day, the file also those with some a month or a year before
    expect(report.map(([p, a, b]) => [p, md(a!), md(b!)])).toEqual(fromFile.filter(([, a]) => a !== '0'));
    expect(
      later.map((r) => [
        names[r.provincia!] ?? r.provincia,
        r.lavoratori_mese_prima,
        r.di_cui_permesso_a_rischio_mese_prima,
      ]),
    ).toEqual(fromFile);
    // the region's and Milano's totals are shown (the small provinces of 2,500 workers are not), and some count is withheld
    expect(fromFile.filter(([p]) => p === 'Totale' || p === 'Milano').map(([, a]) => a)).toEqual([
      expect.stringMatching(/^[0-9]+$/),
      expect.stringMatching(/^[0-9]+$/),
    ]);
    expect(now.some((r) => r.di_cui_permesso_a_rischio === 'W')).toBe(true);
    // Milano's report by sector shows the sector table's Milano rows
    const sectors = csv(path.join(dir, 'bacini-2025-06-30', 'bacini_crisi_settore.csv')).filter(
      (r) => r.provincia === 'MI',
    );
    const byLabel = markdownTable(
      milano.md,
      'Bacini di crisi al 2025-06-30, per sezione ATECO dell’ultimo datore',
    ).slice(1);
    expect(byLabel.map(([, a, b]) => [md(a!), md(b!)])).toEqual(
      [...sectors.filter((r) => r.ateco_sezione !== 'TOTALE'), sectors.find((r) => r.ateco_sezione === 'TOTALE')!].map(
        (r) => [r.lavoratori, r.di_cui_permesso_a_rischio],
      ),
    );
  });
});
