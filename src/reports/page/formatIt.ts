import { isSuppressed, type CellValue, type ColumnKind } from './reportModel.js';

/** Always grouped: CLDR leaves 4-digit Italian numbers ungrouped (1234), the report wants 1.234. */
const integer = new Intl.NumberFormat('it-IT', { useGrouping: 'always', maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('it-IT', {
  useGrouping: 'always',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const twoDecimals = new Intl.NumberFormat('it-IT', {
  useGrouping: 'always',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const signed = new Intl.NumberFormat('it-IT', {
  useGrouping: 'always',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

/** Symbol of a suppressed cell and of a figure not available, as the report's notes explain. */
export const SUPPRESSED_MARK = 'n.p.';
export const NOT_AVAILABLE_MARK = 'n.d.';

/** A value as the report shows it: Italian numbers (1.234,5), ISO dates left as they are. */
export function formatIt(value: CellValue, kind: ColumnKind): string {
  if (value === null) return NOT_AVAILABLE_MARK;
  if (isSuppressed(value)) return SUPPRESSED_MARK;
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'count':
      return integer.format(value);
    case 'decimal':
      return oneDecimal.format(value);
    case 'ratio':
      return twoDecimals.format(value);
    case 'percent':
      return `${oneDecimal.format(value)}%`;
    case 'change':
      return `${signed.format(value)}%`;
    default:
      return String(value);
  }
}
