import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import type { Database } from '../src/db/Database.js';
import { addHypercube, type Hypercube } from '../src/disclosure/hypercube.js';
import { DisclosureSystem } from '../src/disclosure/linkedCells.js';
import { generateCo } from '../src/generate/generateCo.js';
import { orimTable, orimTableQuery, parseSemester } from '../src/marts/orimTables.js';
import { lpBoundsByParts, readerOfHypercubes } from './disclosureAttack.js';
import { ingest, readText, runCli, tempDir, writeFile, type CoRow } from './helpers.js';
import { decideOrimTables } from '../src/output/writeOrimTables.js';
import { markdownTable } from './reportMarkdown.js';
import { callCentreQuits, comm, italian, scenarioDb, worker } from './scenarios.js';

const logger = pino({ level: 'silent' });
const H1 = parseSemester('2025-H1');

/**
 * The risk indicators of 2025-H1 on a scenario worked out by hand (length = end - start + 1;
 * restaurant 56.10.11 is ATECO I/56, construction 41.20.00 F/41, domestic 97.00.00 T/97,
 * agriculture 01.13.10 A/01, call centre 82.20.00 N/82; Milano unless said).
 *
 * R1, Morocco (NUE), M, at DAT1 (restaurant): four fixed-term rapporti of 2 days (10-11
 *   January, February, March, April), no CES: four implied ends, each in the short classes
 *   (within 3 days, not within 1). Four short rapporti: R1 is once among the workers with
 *   many short rapporti, and R1-DAT1 once among the pairs with repeated short rapporti.
 * R2, Albania (NUE), F, at DAT2 (construction): intermittent (A.05.02), part-time P, hired
 *   and dismissed on 2025-02-03 (1 day); then 1-10 March, full time, implied end (10 days).
 *   Two short rapporti with DAT2: one pair; not "many" (2 < 4).
 * R3, Italian, F, domestic work (A.04.02) at DAT4, open-ended, part-time V from 2025-03-01.
 * R4, Morocco, M, seasonal permit (LASTA), at DAT5 (agriculture): fixed-term 2025-04-01 ..
 *   2025-09-30 (183 days <= 270: seasonal); the hire is sent on 1 April 2025, so its code
 *   01.13.00 is ATECO 2025 and its division is that of its 2007 codes (01).
 * R5, Morocco, M, at DAT5: fixed-term 2025-01-15 .. 2025-12-31 (351 days: not seasonal).
 * R6, Italian, M: only a CES of 2025-05-31 of a rapporto begun 2025-05-30 at DAT6, whose
 *   hire is not in the data: ended, length not known, in no short class.
 * R7, Italian, M: hired open-ended at DAT3 on 2025-06-20 (the data reach 20 June).
 * Q1..Q6, Italian, M, Bergamo, at DAT9 (call centre): hired 2025-02-01 to 2025-07-31,
 *   dismissed (LI) on 2025-02-03: 3 days each.
 */
const rows: CoRow[] = [
  ...['01', '02', '03', '04'].map((m) =>
    comm(worker('R1'), { data_inizio: `2025-${m}-10`, data_fine: `2025-${m}-11` }),
  ),
  ...(
    [
      { data_inizio: '2025-02-03', data_fine: '2025-02-28', tipo_contratto: 'A.05.02', tipo_orario: 'P' },
      {
        tipo_evento: 'CES',
        data_inizio: '2025-02-03',
        data_fine: '2025-02-28',
        data_evento: '2025-02-03',
        data_invio: '2025-02-04',
        motivo_cessazione: 'LI',
        tipo_contratto: 'A.05.02',
        tipo_orario: 'P',
      },
      { data_inizio: '2025-03-01', data_fine: '2025-03-10' },
    ] as CoRow[]
  ).map((e) =>
    comm(worker('R2', { cittadinanza: '201', sesso: 'F' }), { datore_id: 'DAT2', datore_ateco: '41.20.00', ...e }),
  ),
  comm(italian('R3', { sesso: 'F' }), {
    data_inizio: '2025-03-01',
    datore_id: 'DAT4',
    datore_ateco: '97.00.00',
    tipo_contratto: 'A.04.02',
    tipo_orario: 'V',
  }),
  comm(worker('R4', { motivo_permesso: 'LASTA' }), {
    data_inizio: '2025-04-01',
    data_fine: '2025-09-30',
    datore_id: 'DAT5',
    datore_ateco: '01.13.00',
  }),
  comm(worker('R5'), {
    data_inizio: '2025-01-15',
    data_fine: '2025-12-31',
    datore_id: 'DAT5',
    datore_ateco: '01.13.10',
  }),
  comm(italian('R6'), {
    tipo_evento: 'CES',
    data_inizio: '2025-05-30',
    data_evento: '2025-05-31',
    data_invio: '2025-05-31',
    motivo_cessazione: 'DI',
    datore_id: 'DAT6',
  }),
  comm(italian('R7'), { data_inizio: '2025-06-20', tipo_contratto: 'A.01.00', datore_id: 'DAT3' }),
  ...callCentreQuits('2025-02-03'),
];

const zero = {
  cessazioni: 0,
  cessazioni_entro_1_giorno: 0,
  cessazioni_entro_3_giorni: 0,
  lavoratori_molti_brevi: 0,
  coppie_brevi_ripetute: 0,
  attivazioni: 0,
  attivazioni_intermittenti: 0,
  attivazioni_domestiche: 0,
  attivazioni_agricole_stagionali: 0,
  attivazioni_permesso_stagionale: 0,
  attivazioni_donne: 0,
  part_time_uomini: 0,
  part_time_donne: 0,
};
const keys = new Set([
  'semestre',
  'provincia',
  'codice_provincia',
  'ateco_sezione',
  'ateco_divisione',
  'gruppo_cittadinanza',
]);
/** The measures as numbers (BIGINT comes back exact, as text). */
const numbers = (r: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, keys.has(k) ? v : Number(v)]));

describe('indicatori_rischio: figures worked out by hand', () => {
  let db: Database;
  let table: Record<string, unknown>[];
  beforeAll(async () => {
    db = await openPipelineDb((await scenarioDb(rows)).db);
    table = (await orimTable(db, 'indicatori_rischio', H1, logger)).map(numbers);
  });
  afterAll(() => db.close());
  const cell = (provincia: string, sezione: string, divisione: string, gruppo: string) => {
    const found = table.filter(
      (r) =>
        r.provincia === provincia &&
        r.ateco_sezione === sezione &&
        r.ateco_divisione === divisione &&
        r.gruppo_cittadinanza === gruppo,
    );
    expect(found).toHaveLength(1);
    const {
      semestre,
      provincia: _,
      codice_provincia,
      ateco_sezione,
      ateco_divisione,
      gruppo_cittadinanza,
      ...m
    } = found[0]!;
    expect(semestre).toBe('2025-H1');
    return m;
  };

  it('has one row per cell with events, and no other', () => {
    expect(table.map((r) => `${r.provincia} ${r.ateco_sezione}/${r.ateco_divisione} ${r.gruppo_cittadinanza}`)).toEqual(
      ['BG N/82 ITA', 'MI A/01 NUE', 'MI F/41 NUE', 'MI I/56 ITA', 'MI I/56 NUE', 'MI T/97 ITA'],
    );
  });

  it('a worker with four 2-day rapporti: four cessations within 3 days, one worker with many, one pair', () => {
    expect(cell('MI', 'I', '56', 'NUE')).toEqual({
      ...zero,
      cessazioni: 4,
      cessazioni_entro_3_giorni: 4,
      lavoratori_molti_brevi: 1,
      coppie_brevi_ripetute: 1,
      attivazioni: 4,
    });
  });

  it('a 1-day and a 10-day rapporto with the same employer: one pair, not many; intermittent and part-time', () => {
    expect(cell('MI', 'F', '41', 'NUE')).toEqual({
      ...zero,
      cessazioni: 2,
      cessazioni_entro_1_giorno: 1,
      cessazioni_entro_3_giorni: 1,
      coppie_brevi_ripetute: 1,
      attivazioni: 2,
      attivazioni_intermittenti: 1,
      attivazioni_donne: 2,
      part_time_donne: 1,
    });
  });

  it('domestic work, and a woman part-time', () => {
    expect(cell('MI', 'T', '97', 'ITA')).toEqual({
      ...zero,
      attivazioni: 1,
      attivazioni_domestiche: 1,
      attivazioni_donne: 1,
      part_time_donne: 1,
    });
  });

  it('agriculture: seasonal up to 270 days planned, a seasonal permit; an ATECO 2025 code in its 2007 division', () => {
    expect(cell('MI', 'A', '01', 'NUE')).toEqual({
      ...zero,
      attivazioni: 2,
      attivazioni_agricole_stagionali: 1,
      attivazioni_permesso_stagionale: 1,
    });
  });

  it('a rapporto begun before the data is a cessation of no known length', () => {
    expect(cell('MI', 'I', '56', 'ITA')).toEqual({ ...zero, cessazioni: 1, attivazioni: 1 });
  });

  it('six 3-day rapporti of six workers: within 3 days, no worker with many, no pair', () => {
    expect(cell('BG', 'N', '82', 'ITA')).toEqual({
      ...zero,
      cessazioni: 6,
      cessazioni_entro_3_giorni: 6,
      attivazioni: 6,
    });
  });

  it('its activations and cessations summed over the divisions are those of co_flussi_settore', async () => {
    const flows = (await orimTable(db, 'co_flussi_settore', H1, logger)).map(numbers);
    const key = (r: Record<string, unknown>) => `${r.provincia} ${r.ateco_sezione} ${r.gruppo_cittadinanza}`;
    const sums = new Map<string, [number, number]>();
    for (const r of table) {
      const s = sums.get(key(r)) ?? [0, 0];
      sums.set(key(r), [s[0] + Number(r.attivazioni), s[1] + Number(r.cessazioni)]);
    }
    expect(new Map(flows.map((r) => [key(r), [r.attivazioni, r.cessazioni]]))).toEqual(sums);
  });
});

describe('indicatori_rischio_cittadinanze: the non-EU workers by country, worked out by hand', () => {
  /**
   * The non-EU workers of the scenario: R1, R4, R5 Moroccan (436), R2 Albanian (201), all
   * in Milano. Morocco: R1's four 2-day rapporti (I/56) and R4's and R5's hires (A/01);
   * Albania: R2's two rapporti (F/41), the cells above.
   */
  const morocco = {
    ...zero,
    cessazioni: 4,
    cessazioni_entro_3_giorni: 4,
    lavoratori_molti_brevi: 1,
    coppie_brevi_ripetute: 1,
    attivazioni: 6,
    attivazioni_agricole_stagionali: 1,
    attivazioni_permesso_stagionale: 1,
  };
  const albania = {
    ...zero,
    cessazioni: 2,
    cessazioni_entro_1_giorno: 1,
    cessazioni_entro_3_giorni: 1,
    coppie_brevi_ripetute: 1,
    attivazioni: 2,
    attivazioni_intermittenti: 1,
    attivazioni_donne: 2,
    part_time_donne: 1,
  };
  const plain = (r: Record<string, unknown>) => {
    const { semestre, provincia, codice_provincia, cittadinanza, nome, ...m } = r;
    return { key: `${semestre} ${provincia} ${codice_provincia} ${cittadinanza} ${nome}`, ...numbers(m) };
  };

  it('has a row per country with most workers (ten by default), each with its counts, and nothing for the Italians', async () => {
    const db = await openPipelineDb((await scenarioDb(rows)).db);
    try {
      const table = (await orimTable(db, 'indicatori_rischio_cittadinanze', H1, logger)).map(plain);
      expect(table).toEqual([
        { key: '2025-H1 MI 015 201 Albania', ...albania },
        { key: '2025-H1 MI 015 436 Marocco', ...morocco },
      ]);
      // summed over the countries, the NUE rows of indicatori_rischio; a country's flows are co_cittadinanze's
      const risk = (await orimTable(db, 'indicatori_rischio', H1, logger)).filter(
        (r) => r.gruppo_cittadinanza === 'NUE',
      );
      for (const m of Object.keys(zero))
        expect(
          risk.reduce((a, r) => a + Number(r[m]), 0),
          m,
        ).toBe(albania[m as keyof typeof zero] + morocco[m as keyof typeof zero]);
      const flows = (await orimTable(db, 'co_cittadinanze', H1, logger)).map((r) => [
        r.cittadinanza,
        Number(r.attivazioni),
        Number(r.cessazioni),
      ]);
      expect(flows).toEqual([
        ['201', 2, 2],
        ['436', 6, 4],
      ]);
    } finally {
      db.close();
    }
  });

  it('puts the countries beyond the first (by workers, then code) in ALTRI', async () => {
    const db = await openPipelineDb((await scenarioDb(rows)).db);
    try {
      await orimTable(db, 'indicatori_rischio_cittadinanze', H1, logger); // stages the models
      const { sql, params } = await orimTableQuery(db, 'indicatori_rischio_cittadinanze', H1);
      const table = (await db.all(sql, { ...params, paesi_principali: 1 })).map(plain);
      // Morocco has three workers, Albania one
      expect(table).toEqual([
        { key: '2025-H1 MI 015 436 Marocco', ...morocco },
        { key: '2025-H1 MI 015 ALTRI Altri Paesi non UE', ...albania },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('indicatori_rischio_datori: employer units worked out by hand', () => {
  it('counts DAT9 in Bergamo with the three patterns, and the other units with none', async () => {
    const db = await openPipelineDb((await scenarioDb(rows)).db);
    try {
      const table = (await orimTable(db, 'indicatori_rischio_datori', H1, logger)).map(numbers);
      const none = {
        datori_molte_assunzioni: 0,
        datori_uscite_rapide: 0,
        datori_molti_brevissimi: 0,
        datori_segnalati: 0,
      };
      const row = (provincia: string, codice: string, sezione: string, divisione: string) => ({
        semestre: '2025-H1',
        provincia,
        codice_provincia: codice,
        ateco_sezione: sezione,
        ateco_divisione: divisione,
      });
      expect(table).toEqual([
        // DAT9: 6 hires, none active on 1 January (6 >= 5 and >= 2 x 1); 6 dismissals within 7 days
        // of 6 cessations; 6 rapporti of 3 days
        {
          ...row('BG', '016', 'N', '82'),
          datori: 1,
          datori_molte_assunzioni: 1,
          datori_uscite_rapide: 1,
          datori_molti_brevissimi: 1,
          datori_segnalati: 1,
        },
        { ...row('MI', '015', 'A', '01'), datori: 1, ...none }, // DAT5
        { ...row('MI', '015', 'F', '41'), datori: 1, ...none }, // DAT2: 2 hires
        { ...row('MI', '015', 'I', '56'), datori: 3, ...none }, // DAT1 (4 hires, 4 of 2 days: below 5), DAT3, DAT6
        { ...row('MI', '015', 'T', '97'), datori: 1, ...none }, // DAT4
      ]);
    } finally {
      db.close();
    }
  });
});

describe('the report section "Indicatori di rischio di sfruttamento" on the same scenario', () => {
  it('shows the figures worked out by hand, by group and by sector, and the shares made of them', async () => {
    const { dir, db } = await scenarioDb(rows);
    const out = path.join(dir, 'report');
    const run = await runCli(
      [
        '--db',
        db,
        'report',
        'semiannual',
        '--semester',
        '2025-H1',
        '--allow-partial',
        '--min-cell',
        '1',
        '--date',
        '2026-01-15',
        '--out',
        out,
      ],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    const md = readText(path.join(out, 'report.md'));
    expect(
      markdownTable(md, 'Rapporti brevissimi e rapporti brevi ripetuti, per gruppo di cittadinanza').slice(1),
    ).toEqual([
      ['Italiani', '7', '0', '6', '0', '0', '0,0%', '85,7%'], // R6 and Q1..Q6 (3 days); 6 of 7
      ['UE (non italiani)', '0', '0', '0', '0', '0', 'n.d.', 'n.d.'],
      ['Non UE', '6', '1', '5', '1', '2', '16,7%', '83,3%'], // R1 four, R2 two; R1 many; R1-DAT1, R2-DAT2
      ['Totale', '13', '1', '11', '1', '2', '7,7%', '84,6%'],
    ]);
    expect(
      markdownTable(md, 'Attivazioni con contratti e permessi a rischio, per gruppo di cittadinanza').slice(1),
    ).toEqual([
      ['Italiani', '8', '0', '1', '0', '0', '0,0%', '12,5%', '0,0%', '0,0%'], // R3 domestic, R7, Q1..Q6
      ['UE (non italiani)', '0', '0', '0', '0', '0', 'n.d.', 'n.d.', 'n.d.', 'n.d.'],
      ['Non UE', '8', '1', '0', '1', '1', '12,5%', '0,0%', '12,5%', '12,5%'], // R1 x4, R2 x2 (one intermittent), R4 seasonal, R5
      ['Totale', '16', '1', '1', '1', '1', '6,3%', '6,3%', '6,3%', '6,3%'],
    ]);
    const partTime = markdownTable(
      md,
      'Part-time nelle attivazioni di lavoratori non UE dei settori a più alto lavoro irregolare, per sesso',
    ).slice(1);
    expect(partTime.map((r) => r[0]!.slice(0, 2))).toEqual(['A ', 'F ', 'I ']); // no non-EU hire in N or T
    expect(partTime.map((r) => r.slice(1))).toEqual([
      ['2', '0', '0', '0', '2', 'n.d.', '0,0%'], // R4, R5
      ['2', '2', '1', '0', '0', '50,0%', 'n.d.'], // R2: one of two part-time
      ['4', '0', '0', '0', '4', 'n.d.', '0,0%'], // R1
    ]);
    expect(
      markdownTable(
        md,
        'Rapporti brevissimi e contratti a rischio dei lavoratori non UE, per Paese di cittadinanza',
      ).slice(1),
    ).toEqual([
      ['Marocco', '4', '4', '1', '6', '0', '1', '100,0%', '0,0%'], // R1's four 2-day rapporti; R1 x4, R4 seasonal, R5
      ['Albania', '2', '1', '0', '2', '1', '0', '50,0%', '50,0%'], // R2: 1 day and 10 days, one intermittent
      ['Totale', '6', '5', '1', '8', '1', '1', '83,3%', '12,5%'],
    ]);
    const employers = markdownTable(md, 'Unità datoriali con indicatori di rischio, per sezione ATECO').slice(1);
    expect(employers.map((r) => r[0]!.slice(0, 2))).toEqual(['A ', 'F ', 'I ', 'N ', 'T ', 'To']);
    expect(employers.map((r) => r.slice(1))).toEqual([
      ['1', '0', '0', '0', '0'], // DAT5
      ['1', '0', '0', '0', '0'], // DAT2
      ['3', '0', '0', '0', '0'], // DAT1, DAT3, DAT6
      ['1', '1', '1', '1', '1'], // DAT9
      ['1', '0', '0', '0', '0'], // DAT4
      ['7', '1', '1', '1', '1'],
    ]);
  });
});

describe('the risk indicator tables on generated workers', () => {
  it('decided with the other tables and with those by CPI and ambito, leave no withheld figure narrower than the threshold', async () => {
    const dir = tempDir();
    const { files } = generateCo({
      workers: 300,
      from: '2024-07',
      to: '2025-06',
      seed: 'risk',
      out: path.join(dir, 'in'),
      identifiers: 'id',
    });
    const dbPath = path.join(dir, 'co.duckdb');
    await ingest(dbPath, files, [], {});
    // a mapping of the Lombard municipalities: two CPI and three ambiti per province (the
    // ambiti cutting across the CPI), those whose code ends in 1 left out (area ?)
    let db = await openPipelineDb(dbPath);
    const towns = await db.all<{ codice_istat: string; provincia: string }>(
      "SELECT DISTINCT codice_istat, provincia FROM ref_comuni WHERE codice_regione = '03' AND NOT codice_istat LIKE '%1' ORDER BY 1",
    );
    db.close();
    writeFile(
      dir,
      'ref/aree_comuni.csv',
      'codice_istat,denominazione,provincia,cpi_codice,cpi_nome,ambito_codice,ambito_nome,fonte\n' +
        towns
          .map(({ codice_istat: c, provincia: p }) => {
            const n = Number(c.slice(3));
            return `${c},,${p},${p}-C${n % 2},CPI ${p} ${n % 2},${p}-A${n % 3},Ambito ${p} ${n % 3},test`;
          })
          .join('\n') +
        '\n',
    );
    db = await openPipelineDb(dbPath, path.join(dir, 'ref'));
    let decided: Awaited<ReturnType<typeof decideOrimTables>>;
    try {
      decided = await decideOrimTables(db, H1, 5, logger);
    } finally {
      db.close();
    }
    const picked = decided.cubes.flatMap((c, i) => (['flussi', 'datori'].includes(c.cube.family) ? [i] : []));
    const cubes = picked.map((i) => decided.cubes[i]!.cube);
    const withheldOf = picked.map((i) => decided.decision.withheld[i]!);
    const named = (name: string) => decided.cubes.find((c) => c.definition.name === name)!.cube;
    // the audit sees indicatori_rischio's activations by province, group and section, and those
    // by CPI and by ambito summed over the areas, as co_flussi_settore's cells: the same
    // figures, decided once (a family of its own, or a decision apart, would not)
    const own = (c: Hypercube) => addHypercube(new DisclosureSystem(), c, 5);
    const sector = named('co_flussi_settore');
    const measure = (c: Hypercube) => c.measures.findIndex((m) => m.name === 'attivazioni');
    // (a row of co_flussi_settore with proroghe only has 0 activations, and no row here)
    const sectorCells = own(sector)
      .cells.filter((_, r) => sector.rows[r]!.values[measure(sector)]! > 0)
      .map((row) => row[measure(sector)]!);
    expect(sectorCells.length).toBeGreaterThan(20);
    for (const name of ['indicatori_rischio', 'indicatori_rischio_cpi', 'indicatori_rischio_ambito']) {
      const figures = own(named(name)).figures[measure(named(name))]!;
      expect(
        sectorCells.filter((k) => !figures.has(k)),
        name,
      ).toEqual([]);
    }
    // the areas: both CPI of a province and its unmapped municipalities (area ?)
    expect(new Set(named('indicatori_rischio_cpi').rows.map((r) => r.dims[1]!.slice(2)))).toEqual(
      new Set(['-C0', '-C1', '']),
    );
    // and indicatori_rischio_cittadinanze's activations of a country are co_cittadinanze's cells
    const [flows, byCountry] = [named('co_cittadinanze'), named('indicatori_rischio_cittadinanze')];
    const countryCells = own(byCountry)
      .cells.filter((_, r) => !byCountry.rows[r]!.dims.includes('ALTRI'))
      .map((row) => row[measure(byCountry)]!);
    expect(countryCells.length).toBeGreaterThan(5);
    expect(countryCells.filter((k) => !own(flows).figures[measure(flows)]!.has(k))).toEqual([]);
    // The reader of the tables as published, whatever they declare: indicatori_rischio's
    // activations and cessations by section are co_flussi_settore's cells (one family), and
    // the report shows sex x working time of each group over the region.
    const { figures, relations } = readerOfHypercubes(
      cubes.map(
        (c): Hypercube => ({
          ...c,
          family: c.family === 'datori' ? 'datori' : 'flussi',
          ...(c.dims.includes('orario') ? { crossed: ['sesso', 'orario'] } : {}),
        }),
      ),
      withheldOf,
      decided.decision.figures,
    );
    const ours = (k: string) =>
      /ateco_divisione=|cittadinanza=ALTRI|cpi=|ambito=|\|datori|_brevi|entro_|intermittenti|domestiche|stagional|part_time|donne/.test(
        k,
      );
    const withheld = [...figures].filter(([k, f]) => ours(k) && !f.shown);
    expect(withheld.filter(([k]) => k.includes('cpi=')).length).toBeGreaterThan(20); // the attack had something to attack
    expect(withheld.length).toBeGreaterThan(50);
    const narrow = [...lpBoundsByParts(figures, relations, 5)]
      .filter(([, b]) => b.hi - b.lo < 5)
      .map(([k, b]) => `${k} ${figures.get(k)!.value} in [${b.lo}, ${b.hi}]`);
    expect(narrow).toEqual([]);
  }, 900_000);
});

describe('a dimension within another (hypercube `within`: the ATECO division within its section)', () => {
  it('keeps the division only with its section: the section margins, one breakdown with it, never the division alone', () => {
    const cube = (within?: Record<string, string>): Hypercube => ({
      family: 'f',
      dims: ['provincia', 'ateco_sezione', 'ateco_divisione'],
      ...(within ? { within } : {}),
      measures: [{ name: 'attivazioni', count: true, additive: true }],
      rows: [
        { dims: ['MI', 'A', '01'], values: [3] },
        { dims: ['MI', 'A', '02'], values: [9] },
        { dims: ['BG', 'A', '01'], values: [8] },
        { dims: ['BG', 'F', '41'], values: [6] },
      ],
    });
    const figures = (c: Hypercube) => [...addHypercube(new DisclosureSystem(), c, 5).figures[0]!].sort();
    const regionDivision = 'f|ateco_divisione=01|ateco_sezione=A|attivazioni';
    const divisionAlone = 'f|ateco_divisione=01|attivazioni';
    // without: the division alone is a breakdown of its own, and the pair is two
    expect(figures(cube())).toContain(divisionAlone);
    expect(figures(cube())).not.toContain(regionDivision);
    // with: the pair is one breakdown (division 01 of the region: 3 + 8), the division alone none
    const nested = cube({ ateco_divisione: 'ateco_sezione' });
    expect(figures(nested)).toContain(regionDivision);
    expect(figures(nested)).not.toContain(divisionAlone);
    expect(figures(nested)).toContain('f|ateco_sezione=A|provincia=MI|attivazioni');
    const system = new DisclosureSystem();
    addHypercube(system, nested, 5);
    expect(system.cells.get(regionDivision)!.value).toBe(11);
    expect(system.cells.get('f|ateco_sezione=A|attivazioni')!.value).toBe(20);
    expect(() => addHypercube(new DisclosureSystem(), cube({ ateco_gruppo: 'ateco_sezione' }), 5)).toThrow(
      /not a dimension/,
    );
  });
});
