import { cfCheckChar, partitaIvaCheckDigit } from '../ingest/codiceFiscale.js';

const monthLetters = 'ABCDEHLMPRST';

/**
 * A synthetic but well-formed codice fiscale: six letters from the worker's index
 * (unique per worker), birth date and sex, place of birth (Belfiore code) and the
 * right check character. No real person's data is involved.
 */
export function syntheticCf(index: number, birth: Date, sex: 'M' | 'F', belfiore: string): string {
  let letters = '';
  let n = index;
  for (let i = 0; i < 6; i++) {
    letters = String.fromCharCode(65 + (n % 26)) + letters;
    n = Math.floor(n / 26);
  }
  const yy = String(birth.getUTCFullYear() % 100).padStart(2, '0');
  const mm = monthLetters[birth.getUTCMonth()]!;
  const dd = String(birth.getUTCDate() + (sex === 'F' ? 40 : 0)).padStart(2, '0');
  const first15 = `${letters}${yy}${mm}${dd}${belfiore}`;
  return first15 + cfCheckChar(first15);
}

/** A partita IVA (11 digits) with its Luhn check digit, from an employer index. */
export function syntheticPartitaIva(index: number): string {
  const body = `0${String(index).padStart(6, '0')}015`.slice(-10);
  return body + partitaIvaCheckDigit(body);
}
