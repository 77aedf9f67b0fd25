import { createHmac } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/runtime/paths.js';
import { ingest, query, TEST_KEY, tempDir } from './helpers.js';

const fixture = path.join(projectRoot, 'fixtures', 'co-regional', 'co_2025-07_regione.csv');
const pseudonym = (cf: string) => createHmac('sha256', TEST_KEY).update(cf).digest('hex').slice(0, 32);

describe('ingest co: an extract in the shape regional systems export (fixtures/co-regional)', () => {
  it('loads the good lines, rejects the unclosed quote and the misplaced codice fiscale, and names the UTF-8 line', async () => {
    const db = path.join(tempDir(), 'co.duckdb');
    const run = await ingest(db, [fixture]);
    expect(run.code).toBe(0);
    expect(run.results[0]).toMatchObject({ status: 'loaded', rows_read: 7, rows_loaded: 5, rows_rejected: 2 });
    expect(run.results[0]!.warnings.map((w: { code: string; message: string }) => [w.code, w.message])).toEqual([
      ['extra_columns', 'columns not in the CO contract, ignored: DENOMINAZIONE_DATORE'],
      [
        'mixed_encoding',
        'the file mixes encodings: 1 lines read as UTF-8 (5) and 6 as Windows-1252 (2, 3, 4, 6, 7, 8), each line in its own; ' +
          'check those lines, and export the file in one encoding',
      ],
    ]);
    expect(await query(db, 'SELECT encoding FROM batches')).toEqual([{ encoding: 'windows-1252' }]);
    expect(
      await query(
        db,
        `SELECT riga::INTEGER AS riga, tipo_evento, data_invio::VARCHAR AS invio, lavoratore_id, datore_id,
                                   data_inizio::VARCHAR AS inizio, data_fine::VARCHAR AS fine, datore_ateco, sede_comune, provincia,
                                   cittadinanza, titolo_soggiorno, scadenza_permesso::VARCHAR AS scadenza
                            FROM co_comunicazioni ORDER BY riga`,
      ),
    ).toEqual([
      {
        riga: 2,
        tipo_evento: 'ASS',
        invio: '2025-07-03 09:15:00',
        lavoratore_id: pseudonym('RSSMRA85T10A562S'),
        datore_id: pseudonym('01234567897'),
        inizio: '2025-07-07',
        fine: '2025-12-31',
        datore_ateco: '56.10.11',
        sede_comune: '015146',
        provincia: 'MI',
        cittadinanza: '100',
        titolo_soggiorno: null,
        scadenza: null,
      },
      {
        riga: 3,
        tipo_evento: 'ASS',
        invio: '2025-07-03 09:15:00',
        lavoratore_id: pseudonym('MRTMTT91D08F205J'),
        datore_id: pseudonym('01234567897'),
        inizio: '2025-07-07',
        fine: null,
        datore_ateco: '56.10.11',
        sede_comune: '015146',
        provincia: 'MI',
        cittadinanza: '100',
        titolo_soggiorno: null,
        scadenza: null,
      },
      {
        riga: 4,
        tipo_evento: 'ASS',
        invio: '2025-07-03 09:15:00',
        lavoratore_id: pseudonym('HSSMHM90C15Z330I'),
        datore_id: pseudonym('01234567897'),
        inizio: '2025-07-07',
        fine: '2025-12-31',
        datore_ateco: '56.10.11',
        sede_comune: '016024',
        provincia: 'BG',
        cittadinanza: '436',
        titolo_soggiorno: '1',
        scadenza: '2025-09-30',
      },
      {
        riga: 5,
        tipo_evento: 'ASS',
        invio: '2025-07-03 09:15:00',
        lavoratore_id: pseudonym('BNCGVN80A41F205Q'),
        datore_id: pseudonym('01234567897'),
        inizio: '2025-07-07',
        fine: '2025-12-31',
        datore_ateco: '56.10.11',
        sede_comune: '015146',
        provincia: 'MI',
        cittadinanza: '100',
        titolo_soggiorno: null,
        scadenza: null,
      },
      {
        riga: 8,
        tipo_evento: 'CES',
        invio: '2025-07-25 16:40:00',
        lavoratore_id: pseudonym('RSSMRA85T10A562S'),
        datore_id: pseudonym('01234567897'),
        inizio: '2025-07-07',
        fine: '2025-12-31',
        datore_ateco: '56.10.11',
        sede_comune: '015146',
        provincia: 'MI',
        cittadinanza: '100',
        titolo_soggiorno: null,
        scadenza: null,
      },
    ]);
    expect(
      await query(
        db,
        'SELECT line::INTEGER AS line, column_name, value, reason_code, reason FROM rejects ORDER BY line',
      ),
    ).toEqual([
      {
        line: 6,
        column_name: null,
        value: null,
        reason_code: 'malformed_row',
        // the quote left open runs into line 7 and closes at its first quote, before text: line 6 is rejected, line 7 read again
        reason: expect.stringContaining('(text after the closing quote of field 24)'),
      },
      {
        line: 7,
        column_name: 'sesso',
        value: '[CODICE FISCALE OSCURATO, 16 CARATTERI]',
        reason_code: 'invalid_value',
        reason: expect.any(String),
      },
    ]);
  });
});
