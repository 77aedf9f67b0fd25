import { isSuppressed, SUPPRESSED, type CellValue } from '../page/reportModel.js';

/**
 * A rate per 1,000 as the report publishes it, from the numerator and the
 * denominator as their tables published them: shown whenever both are shown (a
 * reader who has both has the rate anyway), withheld when either is withheld, not
 * available (null) when either is not available or the denominator is zero.
 * Only the two figures it is made of decide: a withheld third figure of the same
 * row (e.g. INPS recipients) does not hide the activation rate.
 */
export function ratePerThousand(numerator: CellValue, denominator: CellValue): CellValue {
  const r = ratio(numerator, denominator);
  return typeof r === 'number' ? r * 1000 : r;
}

/** The plain ratio of two published figures (activations per worker), by the rule of ratePerThousand. */
export function ratio(numerator: CellValue, denominator: CellValue): CellValue {
  if (isSuppressed(numerator) || isSuppressed(denominator)) return SUPPRESSED;
  if (typeof numerator !== 'number' || typeof denominator !== 'number' || denominator <= 0) return null;
  return numerator / denominator;
}

/**
 * A share in per cent (0-100) of a part in its whole, from the two figures as their tables
 * published them: withheld when either is withheld, not available (null) when either is not
 * available or the whole is zero (the rule of ratePerThousand).
 */
export function sharePercent(part: CellValue, whole: CellValue): CellValue {
  const perThousand = ratePerThousand(part, whole);
  return typeof perThousand === 'number' ? perThousand / 10 : perThousand;
}
