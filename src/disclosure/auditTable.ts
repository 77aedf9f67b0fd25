import { DisclosureSystem } from './linkedCells.js';
import { protectCells } from './protectCells.js';

/** A linear relation a reader knows between cells of a table: sum of coefficient x cell = 0. */
export type Relation = [row: number, column: number, coefficient: number][];

/**
 * The last line of disclosure control for a published table with its totals: the
 * withheld cells are unknowns, the relations are what a reader knows (cells add up
 * to their totals, saldo is attivazioni minus cessazioni...), counts are never
 * negative (derived measures such as saldo, `signed`, may be). The LP audit of
 * src/disclosure gives every withheld cell its interval, and while one is not
 * protected (disclosure/protectionRule.ts) one more cell of a relation through it is
 * withheld (the smallest non-zero one shown, zeros last; never one fixed as published
 * by an earlier table). A cell that only fixed cells could protect is left as it is:
 * what pins it is published elsewhere, and that table's own control protected it.
 */
export function auditTable(
  values: number[][],
  hidden: boolean[][],
  relations: Relation[],
  fixed: boolean[][] | undefined,
  o: { minCell: number; signed?: (row: number, column: number) => boolean },
): void {
  const key = (r: number, c: number) => `${r}:${c}`;
  // The worker columns of the flow tables are treated as adding up to their totals, as
  // they do by sex; where they do not (a worker in two provinces) the relation is not
  // one a reader can use to bound a figure (it would make the system infeasible), so
  // the LP leaves it out. The all-ones reading below still uses every relation.
  const exact = relations.filter((rel) => rel.reduce((a, [r, c, k]) => a + k * values[r]![c]!, 0) === 0);
  for (;;) {
    const system = new DisclosureSystem();
    const used = new Set(exact.flatMap((rel) => rel.map(([r, c]) => key(r, c))));
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (!used.has(key(r, c))) return;
        system.addCell({
          key: key(r, c),
          value: v,
          suppressed: hidden[r]![c]!,
          ...(fixed?.[r]?.[c] ? { fixed: true } : {}),
          // a negative figure is a signed measure (a saldo given as a column of its own)
          ...(o.signed?.(r, c) || v < 0 ? { lower: -Infinity } : {}),
        });
      }),
    );
    for (const rel of exact) system.addRelation(rel.map(([r, c, k]) => [key(r, c), k] as const));
    protectCells(system, o.minCell, { keepUnprotectable: true });
    for (const k of system.suppressedKeys()) {
      const [r, c] = k.split(':').map(Number);
      hidden[r!]![c!] = true;
    }
    // Zeros are shown, so a reader may take every withheld count for at least 1: a
    // relation whose withheld counts add up to their number gives each away as 1.
    // Withholding one more cell of it (a zero first) breaks that reading.
    const allOnes = relations.find((rel) => {
      const withheld = rel.filter(([rr, cc]) => hidden[rr]![cc]);
      return (
        withheld.length > 0 &&
        withheld.every(([rr, cc]) => values[rr]![cc]! >= 1) &&
        new Set(withheld.map(([, , k]) => Math.sign(k))).size === 1 &&
        withheld.reduce((a, [rr, cc]) => a + values[rr]![cc]!, 0) === withheld.length
      );
    });
    const spare = allOnes
      ?.filter(([rr, cc]) => !hidden[rr]![cc] && !fixed?.[rr]?.[cc])
      .sort(([r1, c1], [r2, c2]) => Math.abs(values[r1]![c1]!) - Math.abs(values[r2]![c2]!))[0];
    if (!spare) return;
    hidden[spare[0]]![spare[1]] = true;
  }
}
