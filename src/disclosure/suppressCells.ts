import { smallCount } from './smallCount.js';

/**
 * Statistical disclosure control for published counts (spec reports.md,
 * "Statistical disclosure"). Runs on aggregate tables (cells, not people), which
 * DuckDB has already computed: at most tens of thousands of cells.
 *
 * Primary suppression: a count with 1 <= n < minCell is never shown.
 * Secondary suppression: a reader who has a published total can subtract the other
 * cells of its line from it. We assume the total of every line is published (a
 * line: the cells that differ in one dimension only, e.g. the provinces of one
 * sex x age x sector combination, whose sum is the regional figure). A line with
 * exactly one suppressed cell would give it away, so the smallest other non-zero
 * cell of that line is suppressed too, until no line has exactly one. A line whose
 * only non-zero cell is suppressed cannot be protected by a second cell: its
 * total is then reported as not publishable (`protectedTotals`), and must be
 * suppressed wherever totals are shown.
 *
 * Two suppressed cells per line are not always enough: with the totals of every
 * line of a table of three or more dimensions, combinations of lines can still
 * pin a cell down. So the result is audited as an attacker would: the line totals
 * are solved as a linear system, and every suppressed cell whose value is
 * determined gets one more suppressed neighbour, until none is. The audit is
 * dense linear algebra, fine for the hundreds of suppressed cells of a provincial
 * table; beyond `auditLimit` suppressed cells it is skipped and `audited` is false.
 */
export interface CellInput {
  /** Dimension values, in the order of `dimensions`. */
  key: readonly string[];
  /** The count; for a row of several counts, their sum (it ranks candidates for secondary suppression). */
  value: number;
  /** Primary suppression, when the cell is a row of several counts: any of them below the threshold. */
  sensitive?: boolean;
  /** Published elsewhere already: never chosen as a second suppressed cell. */
  fixed?: boolean;
}

export interface Suppression {
  /** Per cell, in input order: shown (false) or suppressed (true). */
  suppressed: boolean[];
  primary: number;
  secondary: number;
  /** Lines ("dimension=*" with the other values) whose total must not be published. */
  protectedTotals: string[];
  /** Whether the linear-algebra audit ran (see auditLimit). */
  audited: boolean;
}

/** Indexes (into `unknowns`) of the unknowns whose value the equations determine. */
function determined(equations: number[][], unknowns: number): number[] {
  const m = equations.map((row) => [...row]);
  let r = 0;
  for (let lead = 0; lead < unknowns && r < m.length; lead++) {
    const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[lead]!) > 1e-9);
    if (pivot === -1) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    const p = m[r]![lead]!;
    m[r] = m[r]!.map((x) => x / p);
    for (let i = 0; i < m.length; i++) {
      const f = m[i]![lead]!;
      if (i !== r && Math.abs(f) > 1e-9) m[i] = m[i]!.map((x, j) => x - f * m[r]![j]!);
    }
    r++;
  }
  return m
    .filter((row) => row.filter((x) => Math.abs(x) > 1e-9).length === 1)
    .map((row) => row.findIndex((x) => Math.abs(x) > 1e-9));
}

const lineKey = (key: readonly string[], dim: number) => key.map((v, i) => (i === dim ? '*' : v)).join('\u0001');

/**
 * Primary suppression and the line rule of suppressCells: which cells are small,
 * every line of the table (cell indexes that share the other values, keyed
 * `<dimension>\u0002<values with * there>`), and a second cell withheld along each
 * line holding exactly one, until none does. `suppressNext` withholds the smallest
 * shown non-zero cell of a line (false when none is left) and `lineRule` applies the
 * rule again, for the audit that adds cells.
 * With nothing to suppress (minCell 1, no small cell) the lines are not indexed.
 */
function suppressByLines(cells: readonly CellInput[], dimensions: readonly string[], minCell: number) {
  const suppressed = cells.map((c) => minCell > 1 && (c.sensitive ?? smallCount(c.value, minCell)));
  const primary = suppressed.filter(Boolean).length;
  const active = minCell > 1 && primary > 0;
  const lines = new Map<string, number[]>();
  if (active) {
    cells.forEach((cell, i) => {
      for (let d = 0; d < dimensions.length; d++) {
        const k = `${d}\u0002${lineKey(cell.key, d)}`;
        const line = lines.get(k);
        if (line) line.push(i);
        else lines.set(k, [i]);
      }
    });
  }
  const state = {
    suppressed,
    primary,
    active,
    lines,
    secondary: 0,
    suppressNext(line: number[]): boolean {
      const next = line
        .filter((i) => !suppressed[i] && !cells[i]!.fixed && cells[i]!.value > 0)
        .sort((x, y) => cells[x]!.value - cells[y]!.value || x - y)[0];
      if (next === undefined) return false;
      suppressed[next] = true;
      state.secondary++;
      return true;
    },
    lineRule(): void {
      for (let changed = true; changed; ) {
        changed = false;
        for (const line of lines.values()) {
          // no second cell: the line's total is protected by the audit
          if (line.filter((i) => suppressed[i]).length === 1 && state.suppressNext(line)) changed = true;
        }
      }
    },
  };
  if (active) state.lineRule();
  return state;
}

/** A line's key as people read it: `sesso=F, provincia=*`. */
function lineLabel(key: string, dimensions: readonly string[]): string {
  const [d, rest] = key.split('\u0002');
  return rest!
    .split('\u0001')
    .map((v, i) => `${dimensions[i]}=${i === Number(d) ? '*' : v}`)
    .join(', ');
}

export function suppressCells(
  cells: readonly CellInput[],
  dimensions: readonly string[],
  minCell: number,
  auditLimit = 1500,
): Suppression {
  const lineState = suppressByLines(cells, dimensions, minCell);
  const { suppressed, primary, lines, suppressNext, lineRule } = lineState;
  if (!lineState.active) return { suppressed, primary, secondary: 0, protectedTotals: [], audited: true };
  /** Lines whose totals must be withheld because no cell could protect them. */
  const withheld = new Set<string>();
  let audited = true;
  for (;;) {
    const hidden = cells.map((_, i) => i).filter((i) => suppressed[i]);
    if (hidden.length > auditLimit) {
      audited = false;
      break;
    }
    const column = new Map(hidden.map((i, j) => [i, j]));
    const published = [...lines]
      .filter(([k, line]) => !withheld.has(k) && line.filter((i) => suppressed[i]).length !== 1)
      .map(([, line]) => line);
    const equations = published
      .map((line) => {
        const row = new Array<number>(hidden.length).fill(0);
        for (const i of line) if (suppressed[i]) row[column.get(i)!] = 1;
        return row;
      })
      .filter((row) => row.some((x) => x));
    const exposedCells = determined(equations, hidden.length).map((j) => hidden[j]!);
    if (exposedCells.length === 0) break;
    for (const cell of exposedCells) {
      // one more suppressed cell in a line through the exposed one (the line with most room first);
      // when none has a cell left to suppress, the totals of those lines are withheld instead
      const through = [...lines]
        .filter(([, line]) => line.includes(cell))
        .sort(([, a], [, b]) => b.filter((i) => !suppressed[i]).length - a.filter((i) => !suppressed[i]).length);
      if (!through.some(([, line]) => suppressNext(line))) for (const [k] of through) withheld.add(k);
    }
    lineRule();
  }
  // Lines still holding exactly one suppressed cell, and lines withheld by the audit:
  // their totals would reveal a cell.
  const exposed = [...lines]
    .filter(([k, line]) => withheld.has(k) || line.filter((i) => suppressed[i]).length === 1)
    .map(([k]) => k);
  const labels = exposed.map((k) => lineLabel(k, dimensions));
  return { suppressed, primary, secondary: lineState.secondary, protectedTotals: labels.sort(), audited };
}
