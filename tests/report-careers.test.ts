import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { DisclosureSystem } from '../src/disclosure/linkedCells.js';
import { addHypercube, type Hypercube } from '../src/disclosure/hypercube.js';
import { decidePublication } from '../src/disclosure/decidePublication.js';
import { readOrimHypercubes } from '../src/disclosure/orimHypercubes.js';
import { generateCo } from '../src/generate/generateCo.js';
import { orimTable, parseSemester } from '../src/marts/orimTables.js';
import { lpBoundsByParts, readerOfHypercubes } from './disclosureAttack.js';
import { ingest, tempDir } from './helpers.js';
import { comm, scenarioDb, worker } from './scenarios.js';

const logger = pino({ level: 'silent' });

/**
 * The tables of rapporti and workers on eight workers whose figures were worked out by
 * hand (2025-H1 = 2025-01-01 .. 2025-06-30; length = end - start + 1 days).
 *
 * W1, Morocco (NUE), M: two rapporti ended in the semester. Fixed-term 2025-02-03 ..
 *   2025-02-03, full time, qualifica 5.2.2.1.0.0, no CES: implied end, 1 day ("fino a 1
 *   giorno"), FINE_TERMINE (a termine). Fixed-term from 2025-03-01 (to 2025-12-31), full
 *   time, qualifica 7.4.2.3.0.0, dismissed (LI) on 2025-04-14: 31 + 14 = 45 days ("31-90"),
 *   LICENZIAMENTO. Two activations, one worker.
 * W2, Albania (NUE), F: open-ended part-time horizontal (P) from 2025-01-20, qualifica
 *   8.1.4.2.0.0, resigned (DI) on 2025-06-10: 12 + 28 + 31 + 30 + 31 + 10 = 142 days
 *   ("91-365"), DIMISSIONI.
 * W3, Italy, F: open-ended part-time vertical (V) from 2025-02-01, qualifica 2.6.3.3.1.0.
 * W4, Romania (UE), M, Bergamo: only a CES of 2025-05-31 with an unknown reason (ZZ), of
 *   a rapporto begun 2023-01-10, whose hire is not in the data: length not known ("?"),
 *   ALTRO.
 * W5, Italy, M: fixed-term 2024-03-01 .. 2025-03-31, no CES: implied end, 365 (2024-03-01
 *   .. 2025-02-28) + 31 = 396 days ("366+"), FINE_TERMINE (a termine); hired in 2024-H1.
 * W6, Italy, F: fixed-term 2025-01-07 .. 2025-01-09, part-time mixed (M), no qualifica,
 *   CES on 2025-01-09 for end of term (SC): 3 days ("2-3"), FINE_TERMINE (comunicata).
 * W7, Morocco (NUE), F: fixed-term 2025-04-01 .. 2025-04-30, full time, qualifica
 *   5.2.2.1.0.0, no CES: implied end, 30 days ("4-30"), FINE_TERMINE (a termine).
 * W8, Romania (UE), F: open-ended from 2025-05-05, no tipo_orario ("?"), qualifica
 *   5.1.2.2.0.0.
 *
 * Activations: NUE 4 (W1 twice, W2, W7), ITA 2 (W3, W6), UE 1 (W8) = 7; workers hired
 * NUE 3, ITA 2, UE 1 = 6. Cessations: NUE 4 (W1 twice, W2, W7), ITA 2 (W5, W6), UE 1 (W4)
 * = 7. Every month from January to June has communications, so the semester is covered.
 */
const noPermit = { titolo_soggiorno: '', motivo_permesso: '', scadenza_permesso: '' };
const W1 = worker('W1');
const W2 = worker('W2', { cittadinanza: '201', sesso: 'F' });
const W3 = worker('W3', { cittadinanza: '000', sesso: 'F', ...noPermit });
const W4 = worker('W4', { cittadinanza: '235', ...noPermit });
const W5 = worker('W5', { cittadinanza: '000', ...noPermit });
const W6 = worker('W6', { cittadinanza: '000', sesso: 'F', ...noPermit });
const W7 = worker('W7', { sesso: 'F' });
const W8 = worker('W8', { cittadinanza: '235', sesso: 'F', ...noPermit });
const TI = 'A.01.00';
const rows = [
  comm(W1, { data_inizio: '2025-02-03', data_fine: '2025-02-03' }),
  comm(W1, { data_inizio: '2025-03-01', data_fine: '2025-12-31', datore_id: 'DAT2', qualifica: '7.4.2.3.0.0' }),
  comm(W1, {
    tipo_evento: 'CES',
    data_inizio: '2025-03-01',
    data_invio: '2025-04-15',
    data_evento: '2025-04-14',
    motivo_cessazione: 'LI',
    datore_id: 'DAT2',
    qualifica: '7.4.2.3.0.0',
  }),
  comm(W2, { data_inizio: '2025-01-20', tipo_contratto: TI, tipo_orario: 'P', qualifica: '8.1.4.2.0.0' }),
  comm(W2, {
    tipo_evento: 'CES',
    data_inizio: '2025-01-20',
    data_invio: '2025-06-11',
    data_evento: '2025-06-10',
    motivo_cessazione: 'DI',
    tipo_contratto: TI,
    tipo_orario: 'P',
    qualifica: '8.1.4.2.0.0',
  }),
  comm(W3, {
    data_inizio: '2025-02-01',
    tipo_contratto: TI,
    tipo_orario: 'V',
    qualifica: '2.6.3.3.1.0',
    datore_id: 'DAT3',
  }),
  comm(W4, {
    tipo_evento: 'CES',
    data_inizio: '2023-01-10',
    data_invio: '2025-05-31',
    data_evento: '2025-05-31',
    motivo_cessazione: 'ZZ',
    tipo_contratto: TI,
    sede_comune: '016024',
    datore_id: 'DAT4',
  }),
  comm(W5, { data_inizio: '2024-03-01', data_fine: '2025-03-31', datore_id: 'DAT5' }),
  comm(W6, { data_inizio: '2025-01-07', data_fine: '2025-01-09', tipo_orario: 'M', qualifica: '', datore_id: 'DAT6' }),
  comm(W6, {
    tipo_evento: 'CES',
    data_inizio: '2025-01-07',
    data_invio: '2025-01-10',
    data_evento: '2025-01-09',
    motivo_cessazione: 'SC',
    tipo_orario: 'M',
    qualifica: '',
    datore_id: 'DAT6',
  }),
  comm(W7, { data_inizio: '2025-04-01', data_fine: '2025-04-30', datore_id: 'DAT7' }),
  comm(W8, { data_inizio: '2025-05-05', tipo_contratto: TI, tipo_orario: '', qualifica: '5.1.2.2.0.0' }),
];

describe('the ORIM tables of rapporti and workers', () => {
  it('count the same scenario by province, the reasons of the communicated cessations apart', async () => {
    const { db: dbPath } = await scenarioDb(rows);
    const db = await openPipelineDb(dbPath);
    try {
      const h1 = parseSemester('2025-H1');
      const pick = (r: Record<string, unknown>, columns: string[]) => columns.map((c) => String(r[c]));
      // communicated cessations only: the implied ones (W1, W5, W7) are the flow tables' cessazioni_a_termine
      const motivo = await orimTable(db, 'co_cessazioni_motivo', h1, logger);
      expect(
        motivo.map((r) => pick(r, ['provincia', 'gruppo_cittadinanza', 'gruppo_motivo', 'cessazioni_comunicate'])),
      ).toEqual([
        ['BG', 'UE', 'ALTRO', '1'], // W4
        ['MI', 'ITA', 'FINE_TERMINE', '1'], // W6 SC
        ['MI', 'NUE', 'DIMISSIONI', '1'], // W2
        ['MI', 'NUE', 'LICENZIAMENTO', '1'], // W1
      ]);
      const durata = await orimTable(db, 'co_durata_rapporti', h1, logger);
      expect(durata.map((r) => pick(r, ['provincia', 'gruppo_cittadinanza', 'classe_durata', 'cessazioni']))).toEqual([
        ['BG', 'UE', '?', '1'],
        ['MI', 'ITA', '2-3', '1'],
        ['MI', 'ITA', '366+', '1'],
        ['MI', 'NUE', '1', '1'],
        ['MI', 'NUE', '31-90', '1'],
        ['MI', 'NUE', '4-30', '1'],
        ['MI', 'NUE', '91-365', '1'],
      ]);
      const orario = await orimTable(db, 'co_attivazioni_orario', h1, logger);
      expect(orario.map((r) => pick(r, ['gruppo_cittadinanza', 'sesso', 'orario', 'attivazioni']))).toEqual([
        ['ITA', 'F', 'M', '1'],
        ['ITA', 'F', 'V', '1'],
        ['NUE', 'F', 'F', '1'],
        ['NUE', 'F', 'P', '1'],
        ['NUE', 'M', 'F', '2'],
        ['UE', 'F', '?', '1'],
      ]);
      const professione = await orimTable(db, 'co_attivazioni_professione', h1, logger);
      expect(professione.map((r) => pick(r, ['gruppo_cittadinanza', 'grande_gruppo', 'attivazioni']))).toEqual([
        ['ITA', '2', '1'],
        ['ITA', '?', '1'],
        ['NUE', '5', '2'],
        ['NUE', '7', '1'],
        ['NUE', '8', '1'],
        ['UE', '5', '1'],
      ]);
    } finally {
      db.close();
    }
  });

  it('reads the CP2011 major group from codes with or without dots, and nothing else', async () => {
    const db = await openPipelineDb(path.join((await scenarioDb(rows)).dir, 'macro.duckdb'));
    try {
      await orimTable(db, 'co_attivazioni_professione', parseSemester('2025-H1'), logger); // loads the macros
      const groups = await db.all<{ q: string | null; g: string }>(
        `SELECT q, grande_gruppo_cp2011(q) AS g FROM (VALUES ('5.2.2.1.0.0'), ('52210'), ('9'), ('0.1.1'), ('X.1'), (''), (NULL)) v(q)`,
      );
      expect(groups.map((r) => r.g)).toEqual(['5', '5', '9', '?', '?', '?', '?']);
    } finally {
      db.close();
    }
  });
});

describe('the tables of rapporti and workers on generated workers', () => {
  it('add up to the flow tables and, decided with them, leave no withheld figure narrower than the threshold', async () => {
    const dir = tempDir();
    const { files } = generateCo({
      workers: 300,
      from: '2024-07',
      to: '2025-06',
      seed: 'careers',
      out: path.join(dir, 'in'),
      identifiers: 'id',
    });
    const dbPath = path.join(dir, 'co.duckdb');
    await ingest(dbPath, files, [], {});
    const db = await openPipelineDb(dbPath);
    const h1 = parseSemester('2025-H1');
    let cubes: Hypercube[];
    try {
      // each table sums to the flow tables' margins: cessations by province x group, activations also by sex
      const sums = async (name: string, measure: string, by: string[]) => {
        const out = new Map<string, number>();
        for (const r of await orimTable(db, name, h1, logger)) {
          const k = by.map((d) => r[d]).join('|');
          out.set(k, (out.get(k) ?? 0) + Number(r[measure]));
        }
        // a flow table has rows of other events: a zero is no row of these tables
        return Object.fromEntries([...out].filter(([, v]) => v !== 0).sort());
      };
      const byGroup = ['provincia', 'gruppo_cittadinanza'];
      const flowEnds = await sums('co_flussi_contratto', 'cessazioni', byGroup);
      expect(Object.keys(flowEnds).length).toBeGreaterThan(10);
      expect(await sums('co_durata_rapporti', 'cessazioni', byGroup)).toEqual(flowEnds);
      expect(await sums('co_cessazioni_motivo', 'cessazioni_comunicate', byGroup)).toEqual(
        await sums('co_flussi_contratto', 'cessazioni_comunicate', byGroup),
      );
      expect(await sums('co_attivazioni_professione', 'attivazioni', byGroup)).toEqual(
        await sums('co_flussi_contratto', 'attivazioni', byGroup),
      );
      expect(await sums('co_attivazioni_orario', 'attivazioni', [...byGroup, 'sesso'])).toEqual(
        await sums('co_flussi_anagrafica', 'attivazioni', [...byGroup, 'sesso']),
      );
      cubes = (await readOrimHypercubes(db, h1, logger, 'careers_')).filter((c) => c.family === 'flussi');
    } finally {
      db.close();
    }
    expect(cubes.length).toBe(8); // three flow tables, co_cittadinanze and the four of this section
    const decision = decidePublication(cubes, 5);
    // The reader of the tables as published, whatever they declare: every table of the flow
    // events is one family (its totals by province and group are the same figures), and
    // the report shows sex x working time of each group over the region.
    const published = cubes.map(
      (c): Hypercube => ({
        ...c,
        family: 'flussi',
        ...(c.dims.includes('orario') ? { crossed: ['sesso', 'orario'] } : {}),
      }),
    );
    const { figures, relations } = readerOfHypercubes(published, decision.withheld, decision.figures);
    const ours = (k: string) => /classe_durata=|gruppo_motivo=|orario=|grande_gruppo=/.test(k);
    const withheld = [...figures].filter(([k, f]) => ours(k) && !f.shown);
    expect(withheld.length).toBeGreaterThan(20); // the attack had something to attack
    const narrow = [...lpBoundsByParts(figures, relations, 5)]
      .filter(([, b]) => b.hi - b.lo < 5)
      .map(([k, b]) => `${k} ${figures.get(k)!.value} in [${b.lo}, ${b.hi}]`);
    // (declared as families of their own, the four tables leave dozens of figures pinned)
    expect(narrow).toEqual([]);
  }, 300_000);
});

describe('a table that publishes two breakdowns crossed (hypercube `crossed`)', () => {
  it('has the margins of the crossing over the core dimensions among its figures, and only then', () => {
    const cube = (crossed?: string[]): Hypercube => ({
      family: 'f',
      dims: ['provincia', 'sesso', 'orario'],
      ...(crossed ? { crossed } : {}),
      measures: [{ name: 'attivazioni', count: true, additive: true }],
      rows: [
        { dims: ['MI', 'F', 'P'], values: [3] },
        { dims: ['MI', 'M', 'F'], values: [9] },
        { dims: ['BG', 'F', 'P'], values: [8] },
      ],
    });
    const figures = (c: Hypercube) => [...addHypercube(new DisclosureSystem(), c, 5).figures[0]!].sort();
    // without: the cells, and the margins keeping at most one of sesso and orario
    expect(figures(cube())).not.toContain('f|orario=P|sesso=F|attivazioni');
    // with: also sesso x orario over the provinces (3 + 8 = 11 women part-time in the region)
    const crossed = cube(['sesso', 'orario']);
    expect(figures(crossed)).toContain('f|orario=P|sesso=F|attivazioni');
    const system = new DisclosureSystem();
    addHypercube(system, crossed, 5);
    expect(system.cells.get('f|orario=P|sesso=F|attivazioni')!.value).toBe(11);
  });
});
