import { describe, expect, it } from 'vitest';
import { cfCheckChar } from '../src/ingest/codiceFiscale.js';
import { codeBirth, loadBirthPlaces, shippedBirthPlaces, workerCodeFindings } from '../src/ingest/workerCode.js';
import { tempDir, writeFile } from './helpers.js';

/** A code with its check character, built with the project's own rule. */
const cf = (first15: string) => first15 + cfCheckChar(first15);
const places = new Set(['F205', 'Z330']);

describe("a worker's codice fiscale read against its row", () => {
  it('decodes birth year, month, day, sex and place, omocodia letters included', () => {
    // 85 / T = December / 10 / A562: a man born on 10 December of a year ending in 85.
    expect(codeBirth('RSSMRA85T10A562S')).toMatchObject({
      yy: 85,
      month: 12,
      day: 10,
      female: false,
      place: 'A562',
      possible: true,
    });
    // Day 41 = a woman born on the 1st; A = January.
    expect(codeBirth(cf('BNCGVN80A41F205'))).toMatchObject({ yy: 80, month: 1, day: 1, female: true, place: 'F205' });
    // Omocodia: L=0, M=1, N=2, P=3, Q=4, R=5, S=6, T=7, U=8, V=9 in the digit places.
    // "SV" = 69, "MP" = 13, "Z3PL" = Z330.
    expect(codeBirth(cf('DLLPLASVB' + 'MP' + 'Z3PL'))).toMatchObject({
      yy: 69,
      month: 2,
      day: 13,
      place: 'Z330',
      possible: true,
    });
  });

  it('knows which days cannot exist', () => {
    const possible = (s: string) => codeBirth(cf(s)).possible;
    expect(possible('RSSLRA87D31F205')).toBe(false); // 31 April
    expect(possible('RSSLRA87D30F205')).toBe(true);
    expect(possible('RSSLRA87A00F205')).toBe(false); // day 0
    expect(possible('RSSLRA87A35F205')).toBe(false); // 32-40 is neither a man's day nor a woman's
    expect(possible('RSSLRA87A71F205')).toBe(true); // a woman born on 31 January
    expect(possible('RSSLRA87A72F205')).toBe(false);
    // 29 February: in a year ending in 88 (1988 is a leap year), and in 00 (2000 is), not in 87.
    expect(possible('RSSLRA88B29F205')).toBe(true);
    expect(possible('RSSLRA00B29F205')).toBe(true);
    expect(possible('RSSLRA87B29F205')).toBe(false);
  });

  it('names what disagrees with the row, comparing the year by its last two digits', () => {
    const code = cf('SNGMDO88E12Z330'); // a man born on 12 May of a year ending in 88, in Morocco
    expect(workerCodeFindings(code, 'M', '1988-05-12', places)).toEqual([]);
    expect(workerCodeFindings(code, 'M', '12/05/1988', places)).toEqual([]); // Italian date form
    expect(workerCodeFindings(code, 'M', '2088-05-12', places)).toEqual([]); // the century cannot be checked
    expect(workerCodeFindings(code, 'F', '1988-05-21', places)).toEqual([
      'sesso_incoerente',
      'data_nascita_incoerente',
    ]);
    expect(workerCodeFindings(code, 'm', '1989-05-12', places)).toEqual(['data_nascita_incoerente']);
    // Nothing to compare with: an empty or malformed sex or date is the SQL's to reject.
    expect(workerCodeFindings(code, '', 'x', places)).toEqual([]);
    // An impossible day is not compared; an unknown place is named.
    expect(workerCodeFindings(cf('RSSLRA87D31F205'), 'F', '1987-04-30', places)).toEqual(['data_impossibile']);
    expect(workerCodeFindings(cf('BNDLCU93S12Z999'), 'M', '1993-11-12', places)).toEqual(['comune_impossibile']);
    expect(workerCodeFindings('98765432103', 'M', '1999-03-02', places)).toEqual(['provvisorio']);
  });

  it('ships the birth places: municipalities old and current, and foreign states', () => {
    const shipped = shippedBirthPlaces();
    expect(['F205', 'A562', 'Z330', 'Z105'].every((p) => shipped.has(p))).toBe(true); // Z105: Czechoslovakia, no longer a state
    expect(shipped.has('Z999')).toBe(false);
    expect(shipped.has('015146')).toBe(false); // an ISTAT code is not a Belfiore one
  });

  it("adds the places of a user's reference directory", () => {
    const dir = tempDir();
    writeFile(dir, 'stati_esteri_belfiore.csv', 'codice,nome,fonte\nZ999,Stato di prova,test\n');
    expect(loadBirthPlaces(dir).has('Z999')).toBe(true);
    expect(loadBirthPlaces(dir).has('F205')).toBe(true); // the shipped ones stay
  });
});
