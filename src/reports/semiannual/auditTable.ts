import { determined } from '../suppressCells.js';

/** A linear relation a reader knows between cells of a table: sum of coefficient x cell = 0. */
export type Relation = [row: number, column: number, coefficient: number][];

/**
 * The last line of disclosure control for a published table with its totals: the
 * withheld cells are unknowns, the relations are what a reader knows (cells add up
 * to their totals, saldo is attivazioni minus cessazioni...). While the relations
 * determine a withheld cell, one more cell of a relation through it is withheld
 * (the smallest non-zero one shown, else any shown one; never one fixed as published
 * by an earlier table). Tables of the report are
 * small (tens of cells), so solving the system each round is cheap.
 */
export function auditTable(values: number[][], hidden: boolean[][], relations: Relation[], fixed?: boolean[][]): void {
  for (;;) {
    const unknowns: [number, number][] = [];
    const index = new Map<string, number>();
    hidden.forEach((row, r) => row.forEach((h, c) => { if (h) { index.set(`${r}:${c}`, unknowns.length); unknowns.push([r, c]); } }));
    const equations = relations.map((relation) => {
      const row = new Array<number>(unknowns.length).fill(0);
      for (const [r, c, k] of relation) { const j = index.get(`${r}:${c}`); if (j !== undefined) row[j]! += k; }
      return row;
    }).filter((row) => row.some((x) => x !== 0));
    const exposed = determined(equations, unknowns.length).map((j) => unknowns[j]!);
    if (exposed.length === 0) {
      // Zeros are shown, so a reader may take every withheld count for at least 1: a
      // relation whose withheld counts add up to their number gives each away as 1.
      // Withholding one more cell of it (a zero first) breaks that reading.
      const allOnes = relations.find((rel) => {
        const withheld = rel.filter(([rr, cc]) => hidden[rr]![cc]);
        return withheld.length > 0 && withheld.every(([rr, cc]) => values[rr]![cc]! >= 1)
          && new Set(withheld.map(([, , k]) => Math.sign(k))).size === 1
          && withheld.reduce((a, [rr, cc]) => a + values[rr]![cc]!, 0) === withheld.length;
      });
      const spare = allOnes?.filter(([rr, cc]) => !hidden[rr]![cc] && !fixed?.[rr]?.[cc])
        .sort(([r1, c1], [r2, c2]) => Math.abs(values[r1]![c1]!) - Math.abs(values[r2]![c2]!))[0];
      if (!spare) return;
      hidden[spare[0]]![spare[1]] = true;
      continue;
    }
    const [r, c] = exposed[0]!;
    // a shown cell in a relation through the exposed one: smallest non-zero first, zeros last
    // cells published elsewhere (fixed) cannot be withheld here
    const shownIn = (rels: Relation[]) => rels.flatMap((rel) => rel.filter(([rr, cc]) => !hidden[rr]![cc] && !fixed?.[rr]?.[cc])
      .map(([rr, cc]) => [rr, cc] as const));
    let candidates = shownIn(relations.filter((rel) => rel.some(([rr, cc]) => rr === r && cc === c)));
    // determined through other relations only: widen to every relation holding a withheld cell
    if (candidates.length === 0) candidates = shownIn(relations.filter((rel) => rel.some(([rr, cc]) => hidden[rr]![cc])));
    const rank = ([rr, cc]: readonly [number, number]) => { const v = Math.abs(values[rr]![cc]!); return v === 0 ? Infinity : v; };
    const next = candidates.sort((a, b) => rank(a) - rank(b))[0];
    // Nothing left to withhold: what determines the cell is published elsewhere, and
    // that table's own control has already protected it.
    if (!next) return;
    hidden[next[0]]![next[1]] = true;
  }
}
