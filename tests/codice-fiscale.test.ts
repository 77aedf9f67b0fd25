import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/openDatabase.js';
import { readScript, runScript } from '../src/db/runScript.js';
import {
  holdsIdentifier,
  isCodiceFiscale,
  isPartitaIva,
  maskedValue,
  maskIdentifiers,
} from '../src/ingest/codiceFiscale.js';

describe('codici fiscali: what is one, and what looks like one', () => {
  it('checks the check character of a person and the check digit of a company', () => {
    expect(isCodiceFiscale('RSSMRA85T10A562S')).toBe(true);
    expect(isCodiceFiscale('RSSMRA85T10A562T')).toBe(false);
    expect(isCodiceFiscale('RSSMRA85T10A56NF')).toBe(false); // omocodia letter in place, but the check changes with it
    expect(isPartitaIva('01234567897')).toBe(true);
    expect(isPartitaIva('01234567890')).toBe(false);
  });

  it('finds the shape of a code anywhere in a value, in any case, with a zero-width space inside, whatever its check', () => {
    for (const v of [
      'RSSMRA85T10A562S',
      'rssmra85t10a562s',
      'CF:RSSMRA85T10A562X',
      'RSSMRA85\u200bT10A562S',
      'IT01234567897',
      '01234567890',
    ]) {
      expect({ v, held: holdsIdentifier(v) }).toEqual({ v, held: true });
    }
  });

  it('leaves ordinary words, dates, codes and 16-digit codici comunicazione alone', () => {
    for (const v of [
      'precipitevolissimevolmente',
      'FABBRICAZIONE DI STRUMENTI MUSICALI',
      'INSEGNANTI DI STRUMENTI MUSICALI',
      '2024-03-01 10:00:00',
      '5.2.2.1.0.0',
      '012345678901234',
    ]) {
      expect({ v, held: holdsIdentifier(v) }).toEqual({ v, held: false });
    }
    expect(holdsIdentifier('1703000000070151', true)).toBe(false);
    expect(holdsIdentifier('1703000000070151')).toBe(false); // 16 digits: not an 11-digit number
    expect(holdsIdentifier('RSSMRA85T10A562S', true)).toBe(true); // a person's code is masked even among digit codes
  });

  it('masks every code in a text and nothing else', () => {
    expect(maskIdentifiers('ignored: VRDLGU61A01F205Q; 01234567897 and batch 1703000000070151')).toBe(
      'ignored: [codice fiscale oscurato, 16 caratteri]; [codice fiscale oscurato, 11 caratteri] and batch 1703000000070151',
    );
  });

  it('writes masked values that the SQL recognises, in any case', async () => {
    const db = await openDatabase(':memory:');
    try {
      await runScript(db, readScript(new URL('../src/ingest/macros.sql', import.meta.url)));
      const row = await db.one<Record<string, boolean>>(
        'SELECT co_masked($a) AS a, co_masked(upper($a)) AS b, co_masked($c) AS c',
        { a: maskedValue(16), c: 'A.02.00' },
      );
      expect(row).toEqual({ a: true, b: true, c: false });
    } finally {
      db.close();
    }
  });
});
