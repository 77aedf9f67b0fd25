import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKind } from '../src/ingest/detectKind.js';
import { query, runCli, tempDir, writeFile } from './helpers.js';

async function ingestAs(kind: 'inps' | 'excelsior', lines: string[]) {
  const dir = tempDir();
  const db = path.join(dir, 'co.duckdb');
  const file = writeFile(dir, 'in.csv', `${lines.join('\n')}\n`);
  const run = await runCli(['--db', db, 'ingest', kind, '--json', file], {});
  return { db, file, run, result: JSON.parse(run.stdout).files[0] as Record<string, any> };
}
const rejects = (db: string) =>
  query(
    db,
    'SELECT line::INTEGER AS line, column_name AS col, value, reason_code AS reason FROM rejects ORDER BY line, col',
  );

const cigHead = 'Anno;Mese;Tipo_intervento;Regione;Provincia;Ramo di attività;totale_ore_autorizzate';

describe('INPS cassa integrazione hours (ingest inps, told apart by the header)', () => {
  it('tells the layouts apart from the header: recipients, CIG hours (real open-data names), Excelsior', () => {
    const dir = tempDir();
    const of = (header: string) => detectKind(writeFile(dir, `${header.length}.csv`, `${header}\n`));
    expect(of('periodo;provincia;prestazione;cittadinanza;sesso;beneficiari;ore_autorizzate')).toBe('inps');
    expect(of('Anno,gestione_fondi,Regione,Mese,Ramo di attività,totale_ore_autorizzate')).toBe('inps-cig');
    expect(of(cigHead)).toBe('inps-cig');
    // the people counts of the integrazioni salariali datasets are not hours: not this kind
    expect(of('Anno,Mese,Tipo_intervento,Regione,numero_lavoratori')).toBeUndefined();
    expect(
      of('periodo;territorio;ateco;professione;entrate_previste;di_cui_immigrati;di_cui_difficile_reperimento'),
    ).toBe('excelsior');
  });

  it('loads hours with their management code, month and territory, and rejects each bad value naming the column', async () => {
    const { db, result } = await ingestAs('inps', [
      cigHead,
      '2025;Marzo;CIGO;Lombardia;Varese;Industria;1.500', // loaded: 1500 hours
      '2025;3;Ordinaria;LOMBARDIA;;Edilizia;250,5', // no province: Lombardia's total; Ordinaria = CIGO
      '2025;03;In deroga;Lombardia;Milano;Totale;10', // "Totale" sector: the cell's total (ramo NULL)
      '2025;Marzo;Fondo XYZ;Lombardia;Milano;Commercio;20', // unknown management: loaded as written, warned
      '2025;Marzo;CIGS;Lombardia;Torino;Industria;30', // Torino is not in Lombardia
      '2025;Marzolino;CIGS;Lombardia;Milano;Industria;30', // not a month
      '2025;Marzo;CIGS;Lombardia;Milano;Industria;1,2,3', // not a number
      '25;Marzo;CIGS;Lombardia;Milano;Industria;30', // not a year
      '2025;Marzo;CIGS;Narnia;;Industria;30', // unknown region
      '2025;Marzo;;Lombardia;Milano;Industria;30', // management missing
    ]);
    expect(result).toMatchObject({ status: 'loaded', rows_read: 10, rows_loaded: 4, rows_rejected: 6 });
    expect(
      await query(
        db,
        `SELECT riga::INTEGER AS riga, mese, livello, provincia, codice_regione AS regione, gestione,
                                   gestione_scritta AS scritta, ramo, ore_autorizzate AS ore FROM inps_ore_cig ORDER BY riga`,
      ),
    ).toEqual([
      {
        riga: 2,
        mese: 3,
        livello: 'provincia',
        provincia: 'VA',
        regione: '03',
        gestione: 'CIGO',
        scritta: 'CIGO',
        ramo: 'Industria',
        ore: 1500,
      },
      {
        riga: 3,
        mese: 3,
        livello: 'regione',
        provincia: null,
        regione: '03',
        gestione: 'CIGO',
        scritta: 'Ordinaria',
        ramo: 'Edilizia',
        ore: 250.5,
      },
      {
        riga: 4,
        mese: 3,
        livello: 'provincia',
        provincia: 'MI',
        regione: '03',
        gestione: 'CIGD',
        scritta: 'In deroga',
        ramo: null,
        ore: 10,
      },
      {
        riga: 5,
        mese: 3,
        livello: 'provincia',
        provincia: 'MI',
        regione: '03',
        gestione: 'FONDO XYZ',
        scritta: 'Fondo XYZ',
        ramo: 'Commercio',
        ore: 20,
      },
    ]);
    expect(await rejects(db)).toEqual([
      { line: 6, col: 'regione', value: 'Lombardia', reason: 'invalid_value' },
      { line: 7, col: 'mese', value: 'Marzolino', reason: 'invalid_value' },
      { line: 8, col: 'ore_autorizzate', value: '1,2,3', reason: 'not_a_number' },
      { line: 9, col: 'anno', value: '25', reason: 'invalid_value' },
      { line: 10, col: 'regione', value: 'Narnia', reason: 'unknown_code' },
      { line: 11, col: 'gestione', value: null, reason: 'missing' },
    ]);
    expect(result.warnings.map((w: { code: string; n: number }) => [w.code, w.n])).toEqual([
      ['unknown_gestione', 1],
      ['region_totals', 1],
    ]);
  });

  it('never writes hours into a count of people', async () => {
    const { db } = await ingestAs('inps', [cigHead, '2025;Marzo;CIGO;Lombardia;Milano;Industria;12.500']);
    expect(
      await query(
        db,
        `SELECT (SELECT count(*) FROM inps_beneficiari)::INTEGER AS persone,
                                   (SELECT sum(ore_autorizzate) FROM inps_ore_cig) AS ore`,
      ),
    ).toEqual([{ persone: 0, ore: 12500 }]);
  });
});

describe('ingest excelsior', () => {
  const head = 'periodo;provincia;ateco;professione;entrate_previste;di_cui_immigrati;di_cui_difficile_reperimento';

  it('checks parts against the total, the ATECO and CP2011 codes, periods and whole counts', async () => {
    const { db, result } = await ingestAs('excelsior', [
      head,
      '2025-03;Milano;C;2.1.1.4.1;1.230;310;890', // loaded
      '2025;Lecco;TOTALE;Totale;500;;', // all sectors and occupations; parts not given
      '2025-03;Milano;C;;100;101;50', // immigrants above the total
      '2025-03;Milano;C;;100;50;120', // hard to find above the total
      '2025-03;Milano;ZZ;;100;1;1', // not an ATECO section or division
      '2025-03;Milano;C;9.9.9;100;1;1', // not a CP2011 code
      '2025-13;Milano;C;;100;1;1', // not a month
      '2025-03;Milano;C;;12,5;1;1', // hires must be whole
      '2025-03;Milano;C;;;1;1', // total missing
    ]);
    expect(result).toMatchObject({ rows_read: 9, rows_loaded: 2, rows_rejected: 7 });
    expect(
      await query(
        db,
        `SELECT provincia, ateco, professione, professione_livello AS l, entrate_previste::INTEGER AS e,
                                   entrate_immigrati::INTEGER AS i, entrate_difficile_reperimento::INTEGER AS d FROM excelsior_entrate ORDER BY riga`,
      ),
    ).toEqual([
      { provincia: 'MI', ateco: 'C', professione: '2.1.1.4.1', l: 5, e: 1230, i: 310, d: 890 },
      { provincia: 'LC', ateco: null, professione: null, l: null, e: 500, i: null, d: null },
    ]);
    expect(await rejects(db)).toEqual([
      { line: 4, col: 'di_cui_immigrati', value: '101', reason: 'part_exceeds_total' },
      { line: 5, col: 'di_cui_difficile_reperimento', value: '120', reason: 'part_exceeds_total' },
      { line: 6, col: 'ateco', value: 'ZZ', reason: 'unknown_code' },
      { line: 7, col: 'professione', value: '9.9.9', reason: 'unknown_code' },
      { line: 8, col: 'periodo', value: '2025-13', reason: 'invalid_value' },
      { line: 9, col: 'entrate_previste', value: '12,5', reason: 'not_whole' },
      { line: 10, col: 'entrate_previste', value: null, reason: 'missing' },
    ]);
  });

  it('reads the column names of Excelsior tables (Entrate previste, di cui difficile da reperire, ID CP2011)', async () => {
    const { db, result } = await ingestAs('excelsior', [
      'Periodo;Regione;Settore;ID CP2011;Entrate previste;di cui immigrati;di cui difficile da reperire',
      '2025;Lombardia;F;6;2.340;610;1.480',
    ]);
    expect(result).toMatchObject({ rows_loaded: 1, warnings: [] });
    expect(
      await query(
        db,
        `SELECT livello, codice_regione AS r, ateco_sezione AS s, professione_livello AS l,
                                   entrate_previste::INTEGER AS e, entrate_difficile_reperimento::INTEGER AS d FROM excelsior_entrate`,
      ),
    ).toEqual([{ livello: 'regione', r: '03', s: 'F', l: 1, e: 2340, d: 1480 }]);
  });
});

describe('run: the inbox recognises the new kinds', () => {
  it('loads CIG hours and Excelsior files from the inbox as their own kinds', async () => {
    const dir = tempDir();
    const inbox = path.join(dir, 'inbox');
    writeFile(inbox, 'cig.csv', `${cigHead}\n2025;Marzo;CIGO;Lombardia;Milano;Industria;12.500\n`);
    writeFile(inbox, 'excelsior.csv', 'periodo;provincia;entrate_previste\n2025-03;Milano;1.230\n');
    const run = await runCli(
      ['--db', path.join(dir, 'co.duckdb'), 'run', '--inbox', inbox, '--out', path.join(dir, 'out')],
      {},
    );
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      files: { file: string; kind: string; status: string }[];
    };
    expect(summary.files.map((f) => [path.basename(f.file), f.kind, f.status])).toEqual([
      ['cig.csv', 'inps-cig', 'loaded'],
      ['excelsior.csv', 'excelsior', 'loaded'],
    ]);
  });
});
