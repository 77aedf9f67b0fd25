import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import type { Database } from '../src/db/Database.js';
import { readWithTests, runDataTests } from '../src/db/dataTests.js';
import { grandeGruppoLabel } from '../src/reports/page/labels.js';
import { reportQuery } from '../src/reports/semiannual/prepareReportData.js';
import { projectRoot } from '../src/runtime/paths.js';
import { readText, runCli, tempDir, writeFile } from './helpers.js';
import { headline, markdownTable } from './reportMarkdown.js';
import { comm, scenarioDb, worker } from './scenarios.js';

/**
 * The section Domanda di lavoro on a scenario worked out by hand (2025-H1).
 *
 * CO, open-ended hires (no cessation), Milano unless said; N are non-EU (Morocco), I Italian:
 *   N1 2025-01-10 5.2.2.1.0.0 (group 5), and 2024-11-10 5.2.2.1.0.0 (2024-H2: not counted)
 *   N2 2025-02-10 5.2.2.3.2.0 (5)     N3 2025-03-10 8.1.4.2.0.0 (8)
 *   N4 2025-04-10 6.1.2.1.0.0 (6), Bergamo
 *   N5 2025-05-10 9.9.9.9.9.9: 9.9.9.9 is no CP2011 category, so '?' (not group 9)
 *   N6 2025-06-10 no qualifica: '?'
 *   N7 2025-06-12 7.4.2.3 (a category, written with four parts: 7)
 *   N8 2025-05-12 9.3.1.1.0.0 (9, the armed forces, whose codes stop at four levels)
 *   I1 2025-03-15 2.1.1.4.1.0 and I2 2025-04-20 4.1.1.1.0.0: Italian, not in the non-EU column
 * Non-EU activations: group 5 two, 6, 7, 8, 9 one each, '?' two: 8 in all (Milano 7, Bergamo 1).
 *
 * Excelsior (the export's layout, Italian numbers), all sectors unless said:
 *   Milano total: 2025-01 1.000 / 200 immigrants / 400 hard to find; 2025-02 1.200 / 300 / 500;
 *     2025-03 800 / (no immigrants) / 300; 2025-07 5.000 (next semester); 2025-03 sector C 700 (a sector).
 *   Milano group 5: 2025-01 400 / 100 / 150; 2025-02 500 / 120 / 200.
 *   Milano group 8: 2025-01 300 / 150 / 100 (its own row); 2025-02 only its level-2 groups
 *     8.1 100 / 60 / 20 and 8.4 50 / 30 / 10.
 *   Bergamo: 2025-01 total 600 / 240 / 300; group 6 250 / 100 / 180; group 5 100 / 30 / 40.
 */
const noPermit = { titolo_soggiorno: '', motivo_permesso: '', scadenza_permesso: '' };
const hire = (id: string, day: string, qualifica: string, more: Record<string, string> = {}) =>
  comm(id.startsWith('I') ? worker(id, { cittadinanza: '000', ...noPermit }) : worker(id), {
    data_inizio: day,
    tipo_contratto: 'A.01.00',
    datore_id: `D${id}${day}`,
    qualifica,
    ...more,
  });
const rows = [
  hire('N1', '2024-11-10', '5.2.2.1.0.0'),
  hire('N1', '2025-01-10', '5.2.2.1.0.0'),
  hire('N2', '2025-02-10', '5.2.2.3.2.0'),
  hire('N3', '2025-03-10', '8.1.4.2.0.0'),
  hire('N4', '2025-04-10', '6.1.2.1.0.0', { sede_comune: '016024' }),
  hire('N5', '2025-05-10', '9.9.9.9.9.9'),
  hire('N6', '2025-06-10', ''),
  hire('N7', '2025-06-12', '7.4.2.3'),
  hire('N8', '2025-05-12', '9.3.1.1.0.0'),
  hire('I1', '2025-03-15', '2.1.1.4.1.0'),
  hire('I2', '2025-04-20', '4.1.1.1.0.0'),
];
const excelsior = [
  'periodo;territorio;ateco;professione;entrate_previste;di_cui_immigrati;di_cui_difficile_reperimento',
  '2025-01;Milano;;;1.000;200;400',
  '2025-02;Milano;;;1.200;300;500',
  '2025-03;Milano;;;800;;300',
  '2025-07;Milano;;;5.000;1.000;2.000',
  '2025-03;Milano;C;;700;100;300',
  '2025-01;Milano;;5;400;100;150',
  '2025-02;Milano;;5;500;120;200',
  '2025-01;Milano;;8;300;150;100',
  '2025-02;Milano;;8.1;100;60;20',
  '2025-02;Milano;;8.4;50;30;10',
  '2025-01;Bergamo;;;600;240;300',
  '2025-01;Bergamo;;6;250;100;180',
  '2025-01;Bergamo;;5;100;30;40',
].join('\n');

const byGroupTitle =
  'Entrate previste (Excelsior) e attivazioni di lavoratori non UE (CO) nel 2025-H1, per grande gruppo professionale';
const groupLabels = [
  '1 Legislatori, imprenditori e alta dirigenza',
  '2 Professioni intellettuali, scientifiche e di elevata specializzazione',
  '3 Professioni tecniche',
  "4 Professioni esecutive nel lavoro d'ufficio",
  '5 Professioni qualificate nelle attività commerciali e nei servizi',
  '6 Artigiani, operai specializzati e agricoltori',
  '7 Conduttori di impianti, operai di macchinari fissi e mobili e conducenti di veicoli',
  '8 Professioni non qualificate',
  '9 Forze armate',
  '? Qualifica non indicata o non valida',
  'Totale',
];

describe('report section Domanda di lavoro (Excelsior and CO by occupation), worked by hand', () => {
  const md: Record<'before' | 'region' | 'suppressed' | 'milano', string> = {
    before: '',
    region: '',
    suppressed: '',
    milano: '',
  };
  beforeAll(async () => {
    const { dir, db } = await scenarioDb(rows);
    const report = async (name: keyof typeof md, extra: string[]) => {
      const out = path.join(dir, name);
      const run = await runCli(
        ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--date', '2025-09-01', '--out', out, ...extra],
        {},
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      md[name] = readText(path.join(out, 'report.md'));
    };
    await report('before', ['--min-cell', '1']);
    const file = writeFile(dir, 'excelsior.csv', `${excelsior}\n`);
    expect((await runCli(['--db', db, 'ingest', 'excelsior', file], {})).code).toBe(0);
    await report('region', ['--min-cell', '1']);
    await report('suppressed', []);
    await report('milano', ['--min-cell', '1', '--province', 'MI']);
  }, 180_000);

  it('says in one paragraph, with no table, that no Excelsior month is loaded', () => {
    const section = md.before.split('## Domanda di lavoro')[1]!.split('\n## ')[0]!;
    expect(section).toContain(
      'Nessun dato mensile Excelsior caricato per i mesi del semestre (da 2025-01 a 2025-06): non ci sono entrate previste da confrontare con le attivazioni.',
    );
    expect(section).not.toContain('|');
  });

  it('planned hires by province: months summed, parts n.d. where a month lacks them, the total the sum of the provinces', () => {
    expect(markdownTable(md.region, 'Entrate previste dalle imprese nel 2025-H1, per provincia (Excelsior)')).toEqual([
      [
        'Provincia',
        'Entrate previste',
        'di cui immigrati',
        'Immigrati (%)',
        'di cui di difficile reperimento',
        'Difficile reperimento (%)',
      ],
      // January only: 240 / 600 = 40%; 300 / 600 = 50%
      ['Bergamo', '600', '240', '40,0%', '300', '50,0%'],
      // 1.000 + 1.200 + 800 = 3.000 (July and the sector row are not in it); March gives no
      // immigrants: n.d.; 400 + 500 + 300 = 1.200, 40%
      ['Milano', '3.000', 'n.d.', 'n.d.', '1.200', '40,0%'],
      // 600 + 3.000 = 3.600; immigrants n.d. with Milano's; 300 + 1.200 = 1.500, 1.500 / 3.600 = 41,67%
      ['Totale', '3.600', 'n.d.', 'n.d.', '1.500', '41,7%'],
    ]);
    // the months given, and the province that lacks some
    expect(md.region).toContain(
      'Dati Excelsior per 3 mesi su 6 (2025-01, 2025-02, 2025-03): le entrate previste del semestre sono la somma di questi mesi. Per alcune province mancano dei mesi, e la loro somma ne ha meno: Bergamo (2025-02, 2025-03).',
    );
    expect(md.region).toContain('sono intenzioni dichiarate, non assunzioni avvenute');
    expect(md.region).toContain('I valori Excelsior sono stime arrotondate alle decine');
  });

  it('sets planned hires by CP2011 major group beside the non-EU activations of the same groups', () => {
    const table = markdownTable(md.region, byGroupTitle);
    expect(table[0]).toEqual([
      'Grande gruppo professionale (CP2011)',
      'Entrate previste',
      'Quota sulle entrate (%)',
      'di cui immigrati (%)',
      'di cui di difficile reperimento (%)',
      'Attivazioni non UE (CO)',
      'Quota sulle attivazioni (%)',
    ]);
    expect(table.map((r) => r[0])).toEqual(['Grande gruppo professionale (CP2011)', ...groupLabels]);
    const line = (label: string) => table.find((r) => r[0] === label)!.slice(1);
    // Excelsior: group 5 = 400 + 500 (Milano) + 100 (Bergamo) = 1.000, immigrants 100 + 120 + 30 = 250,
    //   hard to find 150 + 200 + 40 = 390; group 6 = 250 (Bergamo), 100, 180; group 8 = 300 (January's own
    //   row) + 100 + 50 (February's level-2 groups) = 450, 150 + 60 + 30 = 240, 100 + 20 + 10 = 130.
    //   Total 1.000 + 250 + 450 = 1.700, immigrants 590, hard to find 700.
    // CO: 8 non-EU activations; group 5 two (N1, N2), '?' two (N5, N6), one each in 6, 7, 8, 9.
    expect(line(groupLabels[0]!)).toEqual(['n.d.', 'n.d.', 'n.d.', 'n.d.', '0', '0,0%']);
    expect(line(groupLabels[4]!)).toEqual(['1.000', '58,8%', '25,0%', '39,0%', '2', '25,0%']); // 1.000 / 1.700 = 58,82%; 2 / 8
    expect(line(groupLabels[5]!)).toEqual(['250', '14,7%', '40,0%', '72,0%', '1', '12,5%']); // 250 / 1.700 = 14,71%
    expect(line(groupLabels[6]!)).toEqual(['n.d.', 'n.d.', 'n.d.', 'n.d.', '1', '12,5%']);
    expect(line(groupLabels[7]!)).toEqual(['450', '26,5%', '53,3%', '28,9%', '1', '12,5%']); // 240 / 450; 130 / 450
    expect(line(groupLabels[8]!)).toEqual(['n.d.', 'n.d.', 'n.d.', 'n.d.', '1', '12,5%']);
    expect(line(groupLabels[9]!)).toEqual(['n.d.', 'n.d.', 'n.d.', 'n.d.', '2', '25,0%']);
    // 590 / 1.700 = 34,71%; 700 / 1.700 = 41,18%
    expect(line('Totale')).toEqual(['1.700', '100,0%', '34,7%', '41,2%', '8', '100,0%']);
    expect(headline(md.region)['Attivazioni (rapporti) di lavoratori non UE']).toBe('8');
    expect(md.region).toContain(
      'Fonte: Unioncamere - Ministero del Lavoro, Sistema Informativo Excelsior, e Comunicazioni Obbligatorie, Regione Lombardia',
    );
    expect(md.region).toContain('Fonte: Unioncamere - Ministero del Lavoro, Sistema Informativo Excelsior\n');
  });

  it("a province report shows the province's planned hires and activations only", () => {
    expect(markdownTable(md.milano, 'Entrate previste dalle imprese nel 2025-H1 (Excelsior)').slice(1)).toEqual([
      ['Milano', '3.000', 'n.d.', 'n.d.', '1.200', '40,0%'],
    ]);
    const table = markdownTable(md.milano, byGroupTitle);
    const line = (label: string) => table.find((r) => r[0] === label)!.slice(1);
    // Milano: group 5 = 400 + 500 = 900 (immigrants 220, hard to find 350), group 8 = 450; 1.350 in all
    expect(line(groupLabels[4]!)).toEqual(['900', '66,7%', '24,4%', '38,9%', '2', '28,6%']); // 2 / 7 = 28,57%
    expect(line(groupLabels[5]!)).toEqual(['n.d.', 'n.d.', 'n.d.', 'n.d.', '0', '0,0%']); // N4 is in Bergamo
    expect(line(groupLabels[7]!)).toEqual(['450', '33,3%', '53,3%', '28,9%', '1', '14,3%']);
    // immigrants 220 + 240 = 460, 460 / 1.350 = 34,07%; hard to find 350 + 130 = 480, 480 / 1.350 = 35,56%
    expect(line('Totale')).toEqual(['1.350', '100,0%', '34,1%', '35,6%', '7', '100,0%']);
    expect(md.milano).toContain('Dati Excelsior per 3 mesi su 6 (2025-01, 2025-02, 2025-03): le entrate previste');
    expect(md.milano).not.toContain('Per alcune province mancano dei mesi');
  });

  it('withholds the small activation counts and their shares, never the Excelsior estimates', () => {
    const table = markdownTable(md.suppressed, byGroupTitle);
    const line = (label: string) => table.find((r) => r[0] === label)!.slice(1);
    // every group holds 1 or 2 activations: withheld, with their shares; the zeros may be shown
    for (const label of groupLabels.slice(4, 10)) expect(line(label).slice(4), label).toEqual(['n.p.', 'n.p.']);
    // the total as the flow tables and the headline publish it
    expect(line('Totale')[4]).toBe(headline(md.suppressed)['Attivazioni (rapporti) di lavoratori non UE']);
    // estimates, shown as computed
    expect(line(groupLabels[5]!).slice(0, 4)).toEqual(['250', '14,7%', '40,0%', '72,0%']);
    expect(
      markdownTable(md.suppressed, 'Entrate previste dalle imprese nel 2025-H1, per provincia (Excelsior)')[1],
    ).toEqual(['Bergamo', '600', '240', '40,0%', '300', '50,0%']);
  });

  it('names the major groups as ISTAT does, the groups of reference/cp2011.csv', () => {
    const reference = parse(readFileSync(path.join(projectRoot, 'reference', 'cp2011.csv')), {
      columns: true,
    }) as { codice: string; livello: string; descrizione: string }[];
    const majors = reference.filter((r) => r.livello === '1');
    expect(majors.map((r) => r.codice)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // the reference writes them in capitals, an accent as an apostrophe (ATTIVITA')
    for (const r of majors)
      expect(grandeGruppoLabel[r.codice]!.toUpperCase().replaceAll('À', "A'"), r.codice).toBe(r.descrizione);
  });
});

describe("data tests of the section's queries", () => {
  let db: Database;
  beforeAll(async () => {
    // the reference tables too: a major group is checked against reference/cp2011.csv
    db = await openPipelineDb(path.join(tempDir(), 'tests.duckdb'));
  });
  afterAll(() => db.close());
  const mart = (file: string) => readWithTests(new URL(`../src/marts/report/${file}.sql`, import.meta.url));
  /** The names of the tests of a file that fail on a table of these rows. */
  async function failing(file: string, columns: string, rows: string[], params: Record<string, string> = {}) {
    await db.run(`CREATE OR REPLACE TEMP TABLE t (${columns})`);
    await db.run(`INSERT INTO t VALUES ${rows.join(', ')}`);
    const names: string[] = [];
    for (const test of mart(file).tests)
      await runDataTests(db, file, [test], { table: 't' }, '', params).catch((e: Error) => {
        if (!e.message.startsWith('data test failed')) throw e;
        names.push(test.name);
      });
    return names;
  }
  const groupColumns =
    'grande_gruppo VARCHAR, entrate_previste BIGINT, entrate_immigrati BIGINT, entrate_difficile_reperimento BIGINT, attivazioni_nue BIGINT';

  it('professioni.sql: one row per group, a CP2011 major group or ? without estimates, parts within the whole', async () => {
    expect(await failing('professioni', groupColumns, ["('5', 100, 20, 40, 3)", "('?', NULL, NULL, NULL, 2)"])).toEqual(
      [],
    );
    expect(await failing('professioni', groupColumns, ["('5', 100, 20, 40, 3)", "('5', 10, 2, 4, 0)"])).toEqual([
      'one row per major group',
    ]);
    expect(await failing('professioni', groupColumns, ["('X', 100, 20, 40, 3)"])).toEqual([
      'a CP2011 major group, or ? for the activations',
    ]);
    expect(await failing('professioni', groupColumns, ["('?', 100, 20, 40, 3)"])).toEqual([
      'a CP2011 major group, or ? for the activations',
    ]);
    expect(await failing('professioni', groupColumns, ["('8', 100, 120, 40, 3)"])).toEqual([
      'the parts are at most the whole',
    ]);
  });

  it('entrate_previste.sql and mesi_excelsior.sql: one row per province, parts within the whole, months of the semester', async () => {
    const hires =
      'provincia VARCHAR, entrate_previste BIGINT, entrate_immigrati BIGINT, entrate_difficile_reperimento BIGINT';
    expect(await failing('entrate_previste', hires, ["('MI', 100, 20, NULL)", "('BG', 50, NULL, 50)"])).toEqual([]);
    expect(await failing('entrate_previste', hires, ["('MI', 100, 20, 40)", "('MI', 100, 20, 40)"])).toEqual([
      'one row per province',
    ]);
    expect(await failing('entrate_previste', hires, ["('MI', 100, 20, 140)"])).toEqual([
      'the parts are at most the whole',
    ]);
    const semester = { inizio: '2025-01-01', fine: '2025-06-30' };
    const months = 'provincia VARCHAR, mese VARCHAR';
    expect(await failing('mesi_excelsior', months, ["('MI', '2025-01')", "('MI', '2025-06')"], semester)).toEqual([]);
    expect(await failing('mesi_excelsior', months, ["('MI', '2025-07')"], semester)).toEqual([
      'a month of the semester',
    ]);
    expect(await failing('mesi_excelsior', months, ["('MI', '2025')"], semester)).toEqual(['a month of the semester']);
  });

  it('reportQuery runs them on the result and stops the report on a failure', async () => {
    await db.run(
      `CREATE OR REPLACE TEMP TABLE bad AS SELECT 'MI' AS provincia, 'TOTALE' AS ateco_sezione, 100 AS entrate_previste,
              120 AS entrate_immigrati, 40 AS entrate_difficile_reperimento`,
    );
    await expect(reportQuery(db, 'entrate_previste', {}, { orim_excelsior_entrate: 'bad' })).rejects.toThrow(
      'data test failed: report query entrate_previste.sql, test "the parts are at most the whole"',
    );
    await db.run('UPDATE bad SET entrate_immigrati = 20');
    expect(await reportQuery(db, 'entrate_previste', {}, { orim_excelsior_entrate: 'bad' })).toEqual([
      { provincia: 'MI', entrate_previste: 100, entrate_immigrati: 20, entrate_difficile_reperimento: 40 },
    ]);
  });
});
