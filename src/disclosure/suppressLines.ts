import { lineLabel, suppressByLines, type CellInput } from './suppressCells.js';
import { DisclosureSystem } from './linkedCells.js';
import { protectCells } from './protectCells.js';

/**
 * Statistical disclosure control for published counts (spec reports.md,
 * "Statistical disclosure"). Runs on aggregate tables (cells, not people), which
 * DuckDB has already computed.
 *
 * Primary suppression: a count with 1 <= n < minCell is never shown.
 * Secondary suppression: a reader who has a published total can subtract the other
 * cells of its line from it. We assume the total of every line is published (a
 * line: the cells that differ in one dimension only, e.g. the provinces of one
 * sex x age x sector combination, whose sum is the regional figure). A line with
 * exactly one suppressed cell would give it away, so the smallest other non-zero
 * cell of that line is suppressed too, until no line has exactly one.
 *
 * Two suppressed cells per line are not always enough: combinations of lines, and
 * the fact that counts are never negative, can still pin a cell down or narrow it
 * below the threshold. So the result is audited as an attacker would: the cells,
 * each measure of a row on its own, and the line totals make one linear system
 * (src/disclosure), every withheld cell gets the interval linear programming
 * derives for it, and while one is not protected (disclosure/protectionRule.ts) one
 * more cell of a relation through it is withheld (a line total when nothing else
 * helps: then `protectedTotals` lists it, and it must be withheld wherever totals
 * are shown). The audit runs on every table whatever its size: it is never skipped.
 *
 * The successor of ../suppressCells.ts (same input, same primary and line rules, the
 * LP audit instead of the linear-algebra one skipped above 1,500 cells), for one table
 * with its line totals. The ORIM tables no longer use it: they are decided together
 * (decidePublication.ts).
 */
export interface LineSuppression {
  /** Per cell, in input order: shown (false) or suppressed (true). */
  suppressed: boolean[];
  primary: number;
  secondary: number;
  /** Lines ("dimension=*" with the other values) whose total must not be published. */
  protectedTotals: string[];
  /** Always true: the audit runs on every table (kept for the outputs that show it). */
  audited: boolean;
  /** Withheld cells (and withheld totals) of the audit's system, and the time it took. */
  audit: { unknowns: number; blocks: number; rounds: number; seconds: number };
}

export function suppressLines(
  cells: readonly CellInput[],
  dimensions: readonly string[],
  minCell: number,
): LineSuppression {
  const lineState = suppressByLines(cells, dimensions, minCell);
  const { suppressed, primary, lines } = lineState;
  const none = { unknowns: 0, blocks: 0, rounds: 0, seconds: 0 };
  if (!lineState.active) return { suppressed, primary, secondary: 0, protectedTotals: [], audited: true, audit: none };
  const audit = auditLines(cells, lines, suppressed, minCell);
  const secondary = lineState.secondary + audit.added;
  const labels = audit.withheld.map((k) => lineLabel(k, dimensions));
  return { suppressed, primary, secondary, protectedTotals: labels.sort(), audited: true, audit: audit.stats };
}

/**
 * The LP audit of a table with its line totals: cell i's measure m is `c<i>|<m>`, the
 * total of a line is `t<line>|<m>`; a row's measures are withheld together, and so are
 * a line's totals. Totals are chosen only when no non-zero cell is left (cost above any
 * count), rows of zeros after them (as before the audit, a zero is no second cell).
 * Marks the cells it withholds in `suppressed`; returns the lines whose totals it withheld.
 */
function auditLines(cells: readonly CellInput[], lines: Map<string, number[]>, suppressed: boolean[], minCell: number) {
  const system = new DisclosureSystem();
  const measures = cells.map((c) => c.measures ?? [c.value]);
  const width = measures.reduce((a, m) => Math.max(a, m.length), 1);
  const many = width > 1;
  cells.forEach((cell, i) =>
    measures[i]!.forEach((v, m) =>
      system.addCell({
        key: `c${i}|${m}`,
        value: v,
        suppressed: suppressed[i]!,
        ...(cell.fixed ? { fixed: true } : {}),
        ...(many ? { group: `c${i}` } : {}),
        // a row is chosen by its counts together; a row of zeros only after every total
        cost: cell.value === 0 ? Infinity : cell.value,
      }),
    ),
  );
  for (const [k, line] of lines) {
    for (let m = 0; m < width; m++) {
      const total = line.reduce((a, i) => a + (measures[i]![m] ?? 0), 0);
      system.addCell({
        key: `t${k}|${m}`,
        value: total,
        suppressed: false,
        cost: Number.MAX_VALUE,
        ...(many ? { group: `t${k}` } : {}),
      });
      system.addRelation([
        ...line.filter((i) => m < measures[i]!.length).map((i) => [`c${i}|${m}`, 1] as const),
        [`t${k}|${m}`, -1] as const,
      ]);
    }
  }
  const result = protectCells(system, minCell);
  let added = 0;
  const withheld = new Set<string>();
  for (const key of result.added) {
    const id = key.slice(1, key.lastIndexOf('|'));
    if (key[0] === 't') withheld.add(id);
    else if (!suppressed[Number(id)]) {
      suppressed[Number(id)] = true;
      added++;
    }
  }
  const stats = {
    unknowns: system.suppressedKeys().length,
    blocks: result.blocks,
    rounds: result.rounds,
    seconds: result.seconds,
  };
  return { added, withheld: [...withheld], stats };
}
