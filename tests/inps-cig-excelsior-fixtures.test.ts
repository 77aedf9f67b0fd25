import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCo } from '../src/generate/generateCo.js';
import { projectRoot } from '../src/runtime/paths.js';
import { ingest, query, readText, runCli } from './helpers.js';
import { markdownTable } from './reportMarkdown.js';

/**
 * The fixtures of fixtures/inps and fixtures/excelsior end to end, through the CLI:
 * ingested (`ingest inps` tells the CIG hours files from the recipients by their
 * header), then the semi-annual report of 2025-H1, whose INPS figures are checked
 * against values worked out by hand from the fixture files.
 */
const fixture = (...p: string[]) => path.join(projectRoot, 'fixtures', ...p);
const recipients = fixture('inps', 'inps_beneficiari_2025-H1_it.csv');
const cigRegion = fixture('inps', 'cig_fondi_solidarieta_2025.csv');
const cigProvince = fixture('inps', 'cig_ore_autorizzate_provincia_2025.csv');
const excelsior = fixture('excelsior', 'excelsior_entrate_2025.csv');

describe('INPS (Italian numbers, CIG hours) and Excelsior fixtures, ingest to report', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'co-inps-fixtures-'));
  const db = path.join(dir, 'co.duckdb');
  let md = '';
  let ingested: Record<string, any>[] = [];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    // CO communications only to have a semester to report; their INPS and ISTAT files are not loaded
    const { files } = generateCo({
      workers: 200,
      from: '2025-01',
      to: '2025-06',
      seed: 'inps-fixtures',
      out: path.join(dir, 'in'),
      identifiers: 'id',
    });
    expect((await ingest(db, files, [], {})).code).toBe(0);
    const inps = await runCli(['--db', db, 'ingest', 'inps', '--json', recipients, cigRegion, cigProvince], {});
    expect(inps.code).toBe(0);
    const exc = await runCli(['--db', db, 'ingest', 'excelsior', '--json', excelsior], {});
    expect(exc.code).toBe(0);
    ingested = [...JSON.parse(inps.stdout).files, ...JSON.parse(exc.stdout).files];
    const report = await runCli(
      [
        '--db',
        db,
        'report',
        'semiannual',
        '--semester',
        '2025-H1',
        '--date',
        '2025-09-01',
        '--out',
        path.join(dir, 'rep'),
      ],
      {},
    );
    expect(report.code).toBe(0);
    md = readText(path.join(dir, 'rep', 'report.md'));
  }, 120_000);

  it('loads every fixture row, the CIG files as their own kind', async () => {
    expect(ingested.map((r) => [path.basename(r.file), r.status, r.rows_read, r.rows_loaded, r.rows_rejected])).toEqual(
      [
        ['inps_beneficiari_2025-H1_it.csv', 'loaded', 8, 8, 0],
        ['cig_fondi_solidarieta_2025.csv', 'loaded', 8, 8, 0],
        ['cig_ore_autorizzate_provincia_2025.csv', 'loaded', 6, 6, 0],
        ['excelsior_entrate_2025.csv', 'loaded', 168, 168, 0], // 6 rows of other shapes, 3 provinces x 6 months x (1 + 8 groups)
      ],
    );
    expect(
      await query(
        db,
        "SELECT kind, count(*)::INTEGER AS n FROM batches WHERE kind <> 'co' GROUP BY kind ORDER BY kind",
      ),
    ).toEqual([
      { kind: 'excelsior', n: 1 },
      { kind: 'inps', n: 1 },
      { kind: 'inps-cig', n: 2 },
    ]);
    // hours never reach a table of people: the CIG rows are all in inps_ore_cig
    expect(
      await query(
        db,
        `SELECT (SELECT count(*) FROM inps_beneficiari)::INTEGER AS beneficiari,
                                   (SELECT count(*) FROM inps_beneficiari_regioni)::INTEGER AS regioni,
                                   (SELECT count(*) FROM inps_ore_cig)::INTEGER AS ore`,
      ),
    ).toEqual([{ beneficiari: 6, regioni: 2, ore: 14 }]);
  });

  it('reads the CIG files as INPS writes them: 2540.0 and 12.500 hours, names and regions', async () => {
    expect(
      await query(
        db,
        `SELECT mese, livello, provincia, codice_regione AS regione, gestione, ramo, ore_autorizzate AS ore
                            FROM inps_ore_cig WHERE gestione IN ('CIGO', 'CIGD') OR (gestione = 'FIS' AND mese = 1) ORDER BY gestione, mese, ramo, codice_regione`,
      ),
    ).toEqual([
      { mese: 4, livello: 'provincia', provincia: 'MB', regione: '03', gestione: 'CIGD', ramo: 'Commercio', ore: 0 }, // "-"
      {
        mese: 1,
        livello: 'provincia',
        provincia: 'MI',
        regione: '03',
        gestione: 'CIGO',
        ramo: 'Industria',
        ore: 12500,
      }, // 12.500
      {
        mese: 2,
        livello: 'provincia',
        provincia: 'MI',
        regione: '03',
        gestione: 'CIGO',
        ramo: 'Edilizia',
        ore: 3200.5,
      }, // 3.200,5
      { mese: 7, livello: 'provincia', provincia: 'MI', regione: '03', gestione: 'CIGO', ramo: 'Industria', ore: 9999 }, // 9.999
      { mese: 1, livello: 'regione', provincia: null, regione: '01', gestione: 'FIS', ramo: 'Commercio', ore: 106108 }, // Piemonte
      { mese: 1, livello: 'regione', provincia: null, regione: '03', gestione: 'FIS', ramo: 'Commercio', ore: 292600 }, // 292600.0
      { mese: 1, livello: 'regione', provincia: null, regione: '03', gestione: 'FIS', ramo: 'Industria', ore: 2540 },
    ]);
  });

  it('reads the Excelsior file: periods, territories, ATECO and CP2011 levels, counts written the Italian way (its first six rows)', async () => {
    expect(
      await query(
        db,
        `SELECT periodo, livello, provincia, codice_regione AS regione, ateco, ateco_sezione AS sezione,
                                   professione, professione_livello AS livello_cp, entrate_previste::INTEGER AS entrate,
                                   entrate_immigrati::INTEGER AS immigrati, entrate_difficile_reperimento::INTEGER AS difficili
                            FROM excelsior_entrate ORDER BY riga LIMIT 6`,
      ),
    ).toEqual([
      {
        periodo: '2025-03',
        livello: 'provincia',
        provincia: 'MI',
        regione: '03',
        ateco: 'C',
        sezione: 'C',
        professione: null,
        livello_cp: null,
        entrate: 12340,
        immigrati: 2110,
        difficili: 6050,
      },
      {
        periodo: '2025-03',
        livello: 'provincia',
        provincia: 'MI',
        regione: '03',
        ateco: '25',
        sezione: 'C',
        professione: '6.2',
        livello_cp: 2,
        entrate: 1230,
        immigrati: 310,
        difficili: 890,
      },
      {
        periodo: '2025-03',
        livello: 'provincia',
        provincia: 'BG',
        regione: '03',
        ateco: 'F',
        sezione: 'F',
        professione: '6.1.2',
        livello_cp: 3,
        entrate: 480,
        immigrati: 150,
        difficili: 370,
      },
      {
        periodo: '2025-03',
        livello: 'provincia',
        provincia: 'MB',
        regione: '03',
        ateco: 'I',
        sezione: 'I',
        professione: '5.2.2.1.0',
        livello_cp: 5,
        entrate: 690,
        immigrati: 220,
        difficili: 280,
      },
      {
        periodo: '2025',
        livello: 'regione',
        provincia: null,
        regione: '03',
        ateco: null,
        sezione: null,
        professione: null,
        livello_cp: null,
        entrate: 425600,
        immigrati: 96300,
        difficili: 203500,
      },
      {
        periodo: '2025',
        livello: 'regione',
        provincia: null,
        regione: '03',
        ateco: null,
        sezione: null,
        professione: '2.1.1.4.1',
        livello_cp: 5,
        entrate: 8750,
        immigrati: 640,
        difficili: 6120,
      },
    ]);
  });

  it('shows the recipients of the Italian-number file in the report, region rows not added', () => {
    // DISCOLL, 2025-H1: ITA 2.050 (MI) + 318 (MB) + 412 (BG) = 2.780; non-EU 1.234 (MI) + 0 (MB, "-") + 87 (BG) = 1.321;
    // total 4.101. Lombardia's own rows (1.400 and 3.100) are not in these sums.
    const byBenefit = markdownTable(md, 'Beneficiari INPS nel 2025-H1, per prestazione e cittadinanza');
    expect(byBenefit[0]).toEqual(['Prestazione', 'Italiani', 'Non UE', 'Totale']);
    expect(byBenefit.find((r) => r[0] === 'DISCOLL')).toEqual(['DISCOLL', '2.780', '1.321', '4.101']);
    const nonEu = markdownTable(md, 'Beneficiari INPS non UE nel 2025-H1, per provincia e prestazione');
    // provinces in the order of their codes: BG, MB, MI
    expect(nonEu.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['Bergamo', '87'],
      ['Monza e della Brianza', '0'],
      ['Milano', '1.234'],
      ['Totale', '1.321'],
    ]);
  });

  it('shows the hours by management, as hours: provinces summed, the region apart, n.d. where INPS gives none', () => {
    // Provinces, January-June 2025 (July is the next semester): CIGO 12.500 (MI, Jan) + 3.200,5 (MI, Feb) = 15.700,5 -> 15.701;
    // CIGS 40.000 (BG, Mar) + 1.800 (BS, Jun) = 41.800; CIGD 0 (MB, Apr, "-"); total 57.500,5 -> 57.501.
    // Lombardia's rows: FIS 2.540 + 292.600 (Jan) + 204.230 (Feb) = 499.370 (July's 127.181 is not in the semester);
    // Altri fondi 8.995 (Mar) + 157 (Jun) = 9.152; total 508.522. Piemonte's and Veneto's rows are other regions.
    const hours = markdownTable(md, 'Cassa integrazione: ore autorizzate nel 2025-H1, per gestione (ore, non persone)');
    expect(hours).toEqual([
      ['Gestione', 'Ore autorizzate, somma delle province', 'Ore autorizzate, dato regionale INPS (Lombardia)'],
      ['CIGO (ordinaria)', '15.701', 'n.d.'],
      ['CIGS (straordinaria)', '41.800', 'n.d.'],
      ['CIGD (in deroga)', '0', 'n.d.'],
      ['FIS (Fondo di integrazione salariale)', 'n.d.', '499.370'],
      ['Altri fondi di solidarietà', 'n.d.', '9.152'],
      ['Totale', '57.501', '508.522'],
    ]);
    expect(md).toContain('non sono ore effettivamente utilizzate né persone');
  });

  it('status lists the new kinds of batches and their row counts', async () => {
    const status = await runCli(['--db', db, 'status'], {});
    expect(status.stdout).toContain(
      'INPS recipients rows: 8, INPS cassa integrazione hours rows: 14, ISTAT rows: 0, Excelsior rows: 168',
    );
    expect(status.stdout).toMatch(/#\d+ inps-cig cig_fondi_solidarieta_2025\.csv .*: 8 read, 8 loaded, 0 rejected/);
    expect(status.stdout).toMatch(/#\d+ excelsior excelsior_entrate_2025\.csv .*: 168 read, 168 loaded, 0 rejected/);
  });
});
