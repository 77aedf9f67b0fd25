import path from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { DisclosureSystem } from '../src/disclosure/linkedCells.js';
import { addHypercube, type Hypercube } from '../src/disclosure/hypercube.js';
import { decidePublication } from '../src/disclosure/decidePublication.js';
import { readOrimHypercubes } from '../src/disclosure/orimHypercubes.js';
import { generateCo } from '../src/generate/generateCo.js';
import { orimTable, parseSemester } from '../src/marts/orimTables.js';
import { lpBoundsByParts, readerOfHypercubes } from './disclosureAttack.js';
import { ingest, readText, runCli, tempDir } from './helpers.js';
import { markdownTable } from './reportMarkdown.js';
import { comm, scenarioDb, worker } from './scenarios.js';

const logger = pino({ level: 'silent' });

/**
 * The section "Lavoratori e rapporti" on eight workers whose figures were worked out by
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

describe('Lavoratori e rapporti: figures worked out by hand', () => {
  let md: string;
  let suppressedMd: string;
  let milanoMd: string;
  let db: string;
  beforeAll(async () => {
    const scenario = await scenarioDb(rows);
    db = scenario.db;
    const report = async (name: string, extra: string[]) => {
      const out = path.join(scenario.dir, name);
      const run = await runCli(
        ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--date', '2026-01-15', '--out', out, ...extra],
        {},
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return readText(path.join(out, 'report.md'));
    };
    md = await report('open', ['--min-cell', '1']);
    milanoMd = await report('milano', ['--min-cell', '1', '--province', 'MI']);
    suppressedMd = await report('suppressed', []);
  });

  it('activations beside the distinct workers hired, and their ratio', () => {
    expect(markdownTable(md, 'Attivazioni per lavoratore attivato, per gruppo di cittadinanza')).toEqual([
      ['Cittadinanza', 'Attivazioni (rapporti)', 'Lavoratori attivati', 'Attivazioni per lavoratore'],
      ['Italiani', '2', '2', '1,00'], // W3, W6
      ['UE (non italiani)', '1', '1', '1,00'], // W8
      ['Non UE', '4', '3', '1,33'], // W1 twice, W2, W7: 4 / 3 = 1.333
      ['Totale', '7', '6', '1,17'], // 7 / 6 = 1.167
    ]);
  });

  it('rapporti ended by length class: end - start + 1 days, a rapporto without its hire in the data apart', () => {
    expect(markdownTable(md, 'Rapporti cessati per durata e gruppo di cittadinanza')).toEqual([
      ['Durata del rapporto', 'Italiani', 'UE (non italiani)', 'Non UE', 'Totale'],
      ['Fino a 1 giorno', '0', '0', '1', '1'], // W1, 2025-02-03 .. 2025-02-03
      ['2-3 giorni', '1', '0', '0', '1'], // W6, 3 days
      ['4-30 giorni', '0', '0', '1', '1'], // W7, 30 days
      ['31-90 giorni', '0', '0', '1', '1'], // W1's second, 45 days
      ['91-365 giorni', '0', '0', '1', '1'], // W2, 142 days
      ['Oltre un anno', '1', '0', '0', '1'], // W5, 396 days
      ['Non nota (iniziato prima dei dati)', '0', '1', '0', '1'], // W4, no hire in the data
      ['Totale', '2', '1', '4', '7'],
    ]);
  });

  it('rapporti ended by reason group: SC is end of term, an unknown code other, the implied ends apart', () => {
    expect(markdownTable(md, 'Rapporti cessati per motivo e gruppo di cittadinanza')).toEqual([
      ['Motivo della cessazione', 'Italiani', 'UE (non italiani)', 'Non UE', 'Totale'],
      ['Licenziamento', '0', '0', '1', '1'], // W1 (LI)
      ['Dimissioni', '0', '0', '1', '1'], // W2 (DI)
      ['Fine del termine, comunicata', '1', '0', '0', '1'], // W6 (SC)
      ['Altro', '0', '1', '0', '1'], // W4 (ZZ, not in the table)
      ['Fine del termine senza comunicazione (implicita)', '1', '0', '2', '3'], // W5; W1 and W7
      ['Totale', '2', '1', '4', '7'],
    ]);
  });

  it('activations by working time and sex, and the part-time share of those whose working time is known', () => {
    expect(markdownTable(md, 'Attivazioni per orario di lavoro, gruppo di cittadinanza e sesso')).toEqual([
      [
        'Cittadinanza e sesso',
        'Tempo pieno',
        'Part-time orizzontale',
        'Part-time verticale',
        'Part-time misto',
        'Non indicato',
        'Attivazioni',
      ],
      ['Italiani, maschi', '0', '0', '0', '0', '0', '0'],
      ['Italiani, femmine', '0', '0', '1', '1', '0', '2'], // W3 V, W6 M
      ['UE (non italiani), maschi', '0', '0', '0', '0', '0', '0'],
      ['UE (non italiani), femmine', '0', '0', '0', '0', '1', '1'], // W8, no tipo_orario
      ['Non UE, maschi', '2', '0', '0', '0', '0', '2'], // W1 twice
      ['Non UE, femmine', '1', '1', '0', '0', '0', '2'], // W7 F, W2 P
      ['Totale', '3', '1', '1', '1', '1', '7'],
    ]);
    expect(markdownTable(md, 'Quota di part-time sulle attivazioni, per gruppo di cittadinanza e sesso')).toEqual([
      ['Cittadinanza', 'Maschi', 'Femmine', 'Totale'],
      ['Italiani', 'n.d.', '100,0%', '100,0%'], // 2 part-time of 2
      ['UE (non italiani)', 'n.d.', 'n.d.', 'n.d.'], // W8's working time is not known
      ['Non UE', '0,0%', '50,0%', '25,0%'], // 0 of 2; 1 of 2; 1 of 4
      ['Totale', '0,0%', '75,0%', '50,0%'], // 0 of 2; 3 of 4 (W8 left out); 3 of 6
    ]);
  });

  it('activations by CP2011 major group: the first digit of the qualifica, ? when there is none', () => {
    const table = markdownTable(md, 'Attivazioni per grande gruppo professionale (CP2011) e gruppo di cittadinanza');
    expect(table[0]).toEqual(['Grande gruppo professionale', 'Italiani', 'UE (non italiani)', 'Non UE', 'Totale']);
    expect(table.slice(1).map((r) => r[0]!.slice(0, 2))).toEqual([
      '1 ',
      '2 ',
      '3 ',
      '4 ',
      '5 ',
      '6 ',
      '7 ',
      '8 ',
      '9 ',
      '? ',
      'To',
    ]);
    expect(table[5]).toEqual([
      '5 Professioni qualificate nelle attività commerciali e nei servizi',
      '0',
      '1',
      '2',
      '3',
    ]); // W8; W1, W7
    expect(table.slice(1).map((r) => r.slice(1))).toEqual([
      ['0', '0', '0', '0'],
      ['1', '0', '0', '1'], // W3, 2.6.3.3.1.0
      ['0', '0', '0', '0'],
      ['0', '0', '0', '0'],
      ['0', '1', '2', '3'],
      ['0', '0', '0', '0'],
      ['0', '0', '1', '1'], // W1's second, 7.4.2.3.0.0
      ['0', '0', '1', '1'], // W2, 8.1.4.2.0.0
      ['0', '0', '0', '0'],
      ['1', '0', '0', '1'], // W6, no qualifica
      ['2', '1', '4', '7'],
    ]);
  });

  it("a province report shows the province's figures: Milano without W4 (Bergamo)", () => {
    expect(markdownTable(milanoMd, 'Rapporti cessati per motivo e gruppo di cittadinanza').slice(-3)).toEqual([
      ['Altro', '0', '0', '0', '0'],
      ['Fine del termine senza comunicazione (implicita)', '1', '0', '2', '3'],
      ['Totale', '2', '0', '4', '6'], // 7 less W4
    ]);
    // no rapporto without its hire is left in Milano: the class is not listed
    expect(
      markdownTable(milanoMd, 'Rapporti cessati per durata e gruppo di cittadinanza').map((r) => r[0]),
    ).not.toContain('Non nota (iniziato prima dei dati)');
  });

  it('withholds every small count with the default threshold, and the shares and ratios made of them', () => {
    for (const title of [
      'Rapporti cessati per durata e gruppo di cittadinanza',
      'Rapporti cessati per motivo e gruppo di cittadinanza',
      'Attivazioni per orario di lavoro, gruppo di cittadinanza e sesso',
      'Attivazioni per grande gruppo professionale (CP2011) e gruppo di cittadinanza',
      'Attivazioni per lavoratore attivato, per gruppo di cittadinanza',
    ]) {
      const cells = markdownTable(suppressedMd, title)
        .slice(1)
        .flatMap((r) => r.slice(1));
      // 7 events in all: every count is 0 or below 5
      expect(
        cells.filter((c) => /^[1-4]$/.test(c)),
        title,
      ).toEqual([]);
    }
    // a ratio is shown where both its figures are: only the totals, 7 and 6, reach 5
    expect(
      markdownTable(suppressedMd, 'Attivazioni per lavoratore attivato, per gruppo di cittadinanza').slice(1),
    ).toEqual([
      ['Italiani', 'n.p.', 'n.p.', 'n.p.'],
      ['UE (non italiani)', 'n.p.', 'n.p.', 'n.p.'],
      ['Non UE', 'n.p.', 'n.p.', 'n.p.'],
      ['Totale', '7', '6', '1,17'],
    ]);
    expect(
      markdownTable(suppressedMd, 'Quota di part-time sulle attivazioni, per gruppo di cittadinanza e sesso')
        .slice(1)
        .flatMap((r) => r.slice(1))
        .filter((c) => c !== 'n.p.' && c !== 'n.d.'),
    ).toEqual([]);
  });
});

describe('Lavoratori e rapporti without a rapporto in the semester', () => {
  it('says so in one paragraph, with no table', async () => {
    // one hire in 2024: nothing starts or ends in 2025-H1, written with --allow-partial
    const { dir, db } = await scenarioDb([comm(W3, { data_inizio: '2024-03-01', tipo_contratto: TI })]);
    const out = path.join(dir, 'empty');
    const run = await runCli(
      [
        '--db',
        db,
        'report',
        'semiannual',
        '--semester',
        '2025-H1',
        '--allow-partial',
        '--date',
        '2026-01-15',
        '--out',
        out,
      ],
      {},
    );
    expect(run.code).toBe(0);
    const md = readText(path.join(out, 'report.md'));
    const section = md.slice(md.indexOf('## Lavoratori e rapporti'), md.indexOf('## Stock'));
    expect(section).toContain('Nel semestre non risultano attivazioni né cessazioni di rapporti di lavoro');
    expect(section).not.toContain('###');
  });
});

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
      // the flow tables and this section's (the risk indicators have their own attack: tests/risk-indicators.test.ts)
      cubes = (await readOrimHypercubes(db, h1, logger, 'careers_')).filter(
        (c) =>
          c.family === 'flussi' &&
          !c.dims.includes('ateco_divisione') &&
          !c.measures.some((m) => m.name === 'lavoratori_molti_brevi'),
      );
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
  it('has the crossing of each citizenship group over the provinces among its figures, only when declared, and never the crossing over all groups', () => {
    const cube = (crossed?: string[]): Hypercube => ({
      family: 'f',
      dims: ['provincia', 'gruppo_cittadinanza', 'sesso', 'orario'],
      ...(crossed ? { crossed } : {}),
      measures: [{ name: 'attivazioni', count: true, additive: true }],
      rows: [
        { dims: ['MI', 'NUE', 'F', 'P'], values: [3] },
        { dims: ['MI', 'NUE', 'M', 'F'], values: [9] },
        { dims: ['BG', 'NUE', 'F', 'P'], values: [8] },
        { dims: ['BG', 'ITA', 'F', 'P'], values: [6] },
      ],
    });
    const figures = (c: Hypercube) => [...addHypercube(new DisclosureSystem(), c, 5).figures[0]!].sort();
    const nueWomenPartTime = 'f|gruppo_cittadinanza=NUE|orario=P|sesso=F|attivazioni';
    // without: the cells, and the margins keeping at most one of sesso and orario
    expect(figures(cube())).not.toContain(nueWomenPartTime);
    // with: also sesso x orario of each group over the provinces (3 + 8 = 11 non-EU women part-time in the region)
    const crossed = cube(['sesso', 'orario']);
    expect(figures(crossed)).toContain(nueWomenPartTime);
    const system = new DisclosureSystem();
    addHypercube(system, crossed, 5);
    expect(system.cells.get(nueWomenPartTime)!.value).toBe(11);
    // sesso x orario summed over the groups, of a province or of the region, is published by no output
    expect(figures(crossed)).not.toContain('f|orario=P|provincia=BG|sesso=F|attivazioni');
    expect(figures(crossed)).not.toContain('f|orario=P|sesso=F|attivazioni');
  });
});
