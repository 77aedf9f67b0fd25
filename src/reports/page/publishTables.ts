import { suppressCells } from '../../disclosure/suppressCells.js';
import { smallFigure } from '../../disclosure/smallCount.js';
import { auditTable, type Relation } from '../../disclosure/auditTable.js';
import { SUPPRESSED, type CellValue, type Column, type ReportTable } from './reportModel.js';

/**
 * Report tables with statistical disclosure control (spec reports.md): every count
 * shown is a cell of a table whose totals are shown too. Small counts (cells and
 * totals) are withheld; suppressCells adds a second cell along each line where the
 * total would give the first away; then auditTable bounds, by linear programming,
 * what a reader can derive from the sums and saldo, and withholds more until every
 * withheld value is protected (src/disclosure/protectionRule.ts).
 * Figures arrive exact from DuckDB; this only decides what is shown.
 *
 * The same figure can appear in several tables (the non-EU total is a row of the
 * table by citizenship group and the total of every non-EU breakdown): a Published
 * registry, keyed by what a figure is, makes each later table withhold what an
 * earlier one withheld and never withhold, as a second cell, what an earlier one
 * showed. Otherwise one table would give away the cell another protects.
 */

/** What each figure of the report was published as: key -> withheld. */
export type Published = Map<string, boolean>;

/** A figure the threshold withholds (disclosure/smallCount.ts; a signed measure by its size). */
export const small = smallFigure;
const range = (n: number) => [...Array(n).keys()];

export interface CategoryRow {
  key: string;
  label: string;
  /** Counts, then measures derived from them. */
  counts: number[];
  derived?: number[];
}

/**
 * A one-dimension table: one row per category, then the total row. Each count
 * column adds up to its total. A derived measure is a signed sum of counts
 * (`derivedAs`, e.g. saldo = attivazioni - cessazioni: {0: 1, 1: -1}), withheld
 * wherever a count it is made of is, and part of the audit.
 */
export function categoryTable(spec: {
  title: string;
  keyLabel: string;
  columns: Column[];
  rows: CategoryRow[];
  total?: { counts: number[]; derived?: number[] };
  minCell: number;
  note?: string;
  /** The source line under the table (sources.ts). */
  source: string;
  derivedAs?: Record<number, number>[];
  /** The registry, and the key of a figure (line: a row index, rows.length for the total; column: counts then derived). */
  published?: Published;
  keyOf?: (line: number, column: number) => string | undefined;
}): ReportTable {
  const { rows, minCell } = spec;
  const k = rows[0]?.counts.length ?? spec.total?.counts.length ?? 0;
  const d = (rows[0]?.derived ?? spec.total?.derived ?? []).length;
  const lines = [...rows, ...(spec.total ? [spec.total] : [])];
  const values = lines.map((r) => [...r.counts, ...(r.derived ?? [])]);
  const earlier = (i: number, c: number) => {
    const key = spec.keyOf?.(i, c);
    return key === undefined ? undefined : spec.published?.get(key);
  };
  const forced = values.map((row, i) => row.map((_, c) => earlier(i, c) === true));
  const fixed = values.map((row, i) => row.map((_, c) => earlier(i, c) === false));
  const hidden = values.map((row) => row.map(() => false));
  if (minCell > 1) {
    for (const c of range(k)) {
      const result = suppressCells(
        rows.map((r, i) => ({
          key: [r.key],
          value: Math.abs(r.counts[c]!),
          sensitive: small(r.counts[c]!, minCell) || forced[i]![c]!,
          fixed: fixed[i]![c]!,
        })),
        ['valore'],
        minCell,
      );
      rows.forEach((_, i) => (hidden[i]![c] = result.suppressed[i]!));
      if (spec.total) {
        hidden[rows.length]![c] =
          forced[rows.length]![c]! ||
          small(spec.total.counts[c]!, minCell) ||
          (result.protectedTotals.length > 0 && !fixed[rows.length]![c]);
      }
    }
    const formula = (j: number) => spec.derivedAs?.[j] ?? Object.fromEntries(range(k).map((c) => [c, 1]));
    // a derived figure an earlier table showed stays shown (a reader has it): the audit
    // then protects the withheld counts it is made of
    for (const [i, row] of hidden.entries()) {
      for (const j of range(d))
        row[k + j] = (Object.keys(formula(j)).some((c) => row[Number(c)]) || forced[i]![k + j]!) && !fixed[i]![k + j]!;
    }
    const relations: Relation[] = [];
    if (spec.total) {
      for (const c of range(k + d))
        relations.push([...rows.map((_, i): [number, number, number] => [i, c, 1]), [rows.length, c, -1]]);
    }
    if (spec.derivedAs) {
      for (const i of range(lines.length)) {
        for (const j of range(d))
          relations.push([
            [i, k + j, -1],
            ...Object.entries(formula(j)).map(([c, s]): [number, number, number] => [i, Number(c), s]),
          ]);
      }
    }
    auditTable(values, hidden, relations, fixed, { minCell, signed: (_, c) => c >= k });
  }
  record(spec.published, hidden, (i, c) => spec.keyOf?.(i, c));
  const body: CellValue[][] = lines.map((_, i) => [
    i < rows.length ? rows[i]!.label : 'Totale',
    ...values[i]!.map((v, c) => (hidden[i]![c] ? SUPPRESSED : v)),
  ]);
  return {
    title: spec.title,
    columns: [{ label: spec.keyLabel, kind: 'text' }, ...spec.columns],
    rows: body,
    totalRow: Boolean(spec.total),
    source: spec.source,
    suppressed: hidden.flat().filter(Boolean).length,
    ...(spec.note ? { note: spec.note } : {}),
  };
}

export interface Category {
  key: string;
  label: string;
}

/**
 * A two-dimension table of one count: rows x columns, with row totals, column
 * totals and the grand total, each withheld when it would give a cell away.
 */
export function pivotTable(spec: {
  title: string;
  rowLabel: string;
  rows: Category[];
  columns: Category[];
  value: (row: string, column: string) => number;
  minCell: number;
  note?: string;
  /** The source line under the table (sources.ts). */
  source: string;
  /** The registry, and the key of a figure (null: the total over rows or over columns). */
  published?: Published;
  keyOf?: (row: string | null, column: string | null) => string | undefined;
}): ReportTable {
  const { rows, columns, minCell } = spec;
  const R = rows.length;
  const C = columns.length;
  // the grid with its margins: row R is the column totals, column C the row totals
  const values = range(R + 1).map(() => range(C + 1).map(() => 0));
  rows.forEach((r, i) =>
    columns.forEach((c, j) => {
      const v = spec.value(r.key, c.key);
      values[i]![j] = v;
      values[i]![C]! += v;
      values[R]![j]! += v;
      values[R]![C]! += v;
    }),
  );
  const hidden = values.map((row) => row.map(() => false));
  const keyAt = (i: number, j: number) => spec.keyOf?.(i < R ? rows[i]!.key : null, j < C ? columns[j]!.key : null);
  const earlier = (i: number, j: number) => {
    const key = keyAt(i, j);
    return key === undefined ? undefined : spec.published?.get(key);
  };
  const forced = values.map((row, i) => row.map((_, j) => earlier(i, j) === true));
  const fixed = values.map((row, i) => row.map((_, j) => earlier(i, j) === false));
  if (minCell > 1) {
    const cells = rows.flatMap((r, i) =>
      columns.map((c, j) => ({
        key: [r.key, c.key],
        value: values[i]![j]!,
        sensitive: small(values[i]![j]!, minCell) || forced[i]![j]!,
        fixed: fixed[i]![j]!,
      })),
    );
    const result = suppressCells(cells, ['riga', 'colonna'], minCell);
    cells.forEach((_, n) => (hidden[Math.floor(n / C)]![n % C] = result.suppressed[n]!));
    const withheld = new Set(result.protectedTotals);
    const total = (i: number, j: number, label: string) =>
      forced[i]![j]! || small(values[i]![j]!, minCell) || (withheld.has(label) && !fixed[i]![j]);
    rows.forEach((r, i) => (hidden[i]![C] = total(i, C, `riga=${r.key}, colonna=*`)));
    columns.forEach((c, j) => (hidden[R]![j] = total(R, j, `riga=*, colonna=${c.key}`)));
    hidden[R]![C] = total(R, C, '');
    const relations: Relation[] = [
      ...range(R + 1).map((i) => [...range(C).map((j): [number, number, number] => [i, j, 1]), [i, C, -1]] as Relation),
      ...range(C + 1).map((j) => [...range(R).map((i): [number, number, number] => [i, j, 1]), [R, j, -1]] as Relation),
    ];
    auditTable(values, hidden, relations, fixed, { minCell });
  }
  record(spec.published, hidden, keyAt);
  const labels = [...rows.map((r) => r.label), 'Totale'];
  return {
    title: spec.title,
    columns: [
      { label: spec.rowLabel, kind: 'text' },
      ...columns.map((c) => ({ label: c.label, kind: 'count' as const })),
      { label: 'Totale', kind: 'count' },
    ],
    rows: values.map((row, i) => [labels[i]!, ...row.map((v, j): CellValue => (hidden[i]![j] ? SUPPRESSED : v))]),
    totalRow: true,
    source: spec.source,
    suppressed: hidden.flat().filter(Boolean).length,
    ...(spec.note ? { note: spec.note } : {}),
  };
}

/** Records what a table published under each figure's key, for the tables after it. */
function record(
  published: Published | undefined,
  hidden: boolean[][],
  keyOf: (i: number, j: number) => string | undefined,
): void {
  if (!published) return;
  hidden.forEach((row, i) =>
    row.forEach((h, j) => {
      const key = keyOf(i, j);
      if (key !== undefined) published.set(key, h || published.get(key) === true);
    }),
  );
}

/** A figure as shown elsewhere in the report: withheld when a table withheld it, or when small. */
export function shownAs(published: Published, key: string, value: number, minCell: number): CellValue {
  const hidden = published.get(key);
  return hidden === true || (hidden === undefined && small(value, minCell)) ? SUPPRESSED : value;
}
