import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { referenceDir } from '../src/runtime/paths.js';
import { coCsv, coRow, ingest, tempDir, writeFile } from './helpers.js';

const read = (file: string) =>
  parse(readFileSync(path.join(referenceDir, file)), { columns: true }) as Record<string, string>[];
type Row = Record<string, string>;
const byCode = (rows: Row[]): Record<string, Row> => Object.fromEntries(rows.map((r) => [r.codice!, r]));

describe('contract types: the ministry current list', () => {
  const shipped = byCode(read('tipologie_contrattuali.csv'));
  const current = read('sources/tipologie_contrattuali_mlps_rev093.csv');

  it('gives every code of the current list a group, with the current wording', () => {
    expect(current.length).toBe(28); // the 28 codes of the hand-checked Rev.093 list
    for (const row of current) {
      const codice = row.codice!;
      expect(shipped[codice], codice).toBeDefined();
      expect(['TI', 'TD', 'AP', 'ALTRO']).toContain(shipped[codice]!.gruppo);
      expect(shipped[codice]!.descrizione).toBe(row.descrizione);
    }
  });

  it('groups the codes of the issue as their descriptions say', () => {
    // N.01.00 open-ended via platform; N.02.00 / N.03.00 fixed-term (replacement) via platform;
    // A.03.15 apprenticeship in the public administration; H.03.00 occasional farm work
    // "A TEMPO DETERMINATO"; B.04.00 an occasional sports collaboration (no employment term).
    expect(shipped['N.01.00']).toMatchObject({
      gruppo: 'TI',
      descrizione: 'LAVORO A TEMPO INDETERMINATO CON PIATTAFORMA',
    });
    expect(shipped['N.02.00']!.gruppo).toBe('TD');
    expect(shipped['N.03.00']).toMatchObject({
      gruppo: 'TD',
      descrizione: 'LAVORO A TEMPO DETERMINATO PER SOSTITUZIONE CON PIATTAFORMA',
    });
    expect(shipped['A.03.15']).toMatchObject({ gruppo: 'AP', descrizione: 'APPRENDISTATO PA' });
    expect(shipped['H.03.00']!.gruppo).toBe('TD');
    expect(shipped['B.04.00']!.gruppo).toBe('ALTRO');
    // Contracts whose description carries no term stay ALTRO: domestic, intermittent, home work.
    expect(['A.04.02', 'A.05.02', 'A.08.02'].map((c) => shipped[c]!.gruppo)).toEqual(['ALTRO', 'ALTRO', 'ALTRO']);
    // Fixed-term training contracts: formazione lavoro and inserimento count as TD.
    expect([shipped['A.03.04']!.gruppo, shipped['A.03.07']!.gruppo]).toEqual(['TD', 'TD']);
  });

  it('keeps the older codes extracts still carry, with their validity dates', () => {
    expect(shipped['A.03.00']).toMatchObject({ gruppo: 'AP', valido_dal: '2007-06-21', valido_al: '2012-04-25' });
    expect(shipped['A.05.00']).toMatchObject({
      gruppo: 'TI',
      valido_al: '2013-01-10',
      descrizione: 'LAVORO INTERMITTENTE A TEMPO INDETERMINATO',
    });
    expect(shipped['C.02.00']).toMatchObject({ gruppo: 'ALTRO', valido_al: '2009-03-15' });
    // The 52 codes of the 2022 snapshot, plus the 6 the current list adds (A.03.15, B.04.00, H.03.00,
    // N.01.00, N.02.00, N.03.00): 52 + 6 = 58.
    expect(Object.keys(shipped).length).toBe(58);
  });
});

describe('transformation codes', () => {
  const codes = byCode(read('codici_trasformazione.csv'));

  it('has the ministry codes, FI and II among them, and PP / TP the right way round', () => {
    expect(Object.keys(codes).sort()).toEqual(['AI', 'DI', 'DL', 'DP', 'FF', 'FI', 'II', 'PP', 'PV', 'TL', 'TP']);
    expect(codes.PP!.descrizione).toBe('Da tempo parziale a tempo pieno');
    expect(codes.TP!.descrizione).toBe('Da tempo pieno a tempo parziale');
    expect([codes.PP!.gruppo, codes.TP!.gruppo]).toEqual(['ORARIO', 'ORARIO']);
  });

  it('names every transformation to open-ended <origin group>_TI, the origin being a contract group', () => {
    // FI (from formazione lavoro, A.03.04) and II (from inserimento, A.03.07) leave TD, as those contracts are grouped.
    expect(
      Object.fromEntries(
        Object.values(codes)
          .filter((c) => c.gruppo!.endsWith('_TI'))
          .map((c) => [c.codice, c.gruppo]),
      ),
    ).toEqual({ AI: 'AP_TI', DI: 'TD_TI', FI: 'TD_TI', II: 'TD_TI' });
    // FF keeps the apprenticeship code on the communication, so it is not a move to TI.
    expect(codes.FF!.gruppo).toBe('FINE_FORMAZIONE');
  });
});

describe('the new codes at ingest', () => {
  it('loads current contract and transformation codes without an unknown-code warning', async () => {
    const dir = tempDir();
    const rows = [
      coRow({ codice_comunicazione: 'C1', tipo_contratto: 'N.01.00', data_fine: '' }),
      coRow({ codice_comunicazione: 'C2', tipo_contratto: 'A.03.15', data_fine: '' }),
      coRow({ codice_comunicazione: 'C3', tipo_contratto: 'H.03.00' }),
      coRow({
        codice_comunicazione: 'C4',
        tipo_evento: 'TRS',
        tipo_contratto: 'A.01.00',
        codice_trasformazione: 'FI',
        data_fine: '',
      }),
      coRow({
        codice_comunicazione: 'C5',
        tipo_evento: 'TRS',
        tipo_contratto: 'A.01.00',
        codice_trasformazione: 'II',
        data_fine: '',
      }),
    ];
    const run = await ingest(path.join(dir, 'co.duckdb'), [writeFile(dir, 'a.csv', coCsv(rows))]);
    expect(run.results[0]).toMatchObject({ rows_loaded: 5, rows_rejected: 0, warnings: [] });
  });
});
