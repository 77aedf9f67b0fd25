const oddValues = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const monthLetters = 'ABCDEHLMPRST';
const charValue = (c: string) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65);

/** The check character of the first 15 characters of a codice fiscale. */
export function cfCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const v = charValue(first15[i]!);
    sum += i % 2 === 0 ? oddValues[v]! : v; // positions 1, 3, 5... (1-based) are odd
  }
  return String.fromCharCode(65 + (sum % 26));
}

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
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = body.charCodeAt(i) - 48;
    if (i % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return body + String((10 - (sum % 10)) % 10);
}
