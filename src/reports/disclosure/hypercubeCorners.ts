import type { Hypercube } from './hypercube.js';

/**
 * The complementary cells of the hypercube method (tau-Argus's "modular" method,
 * sdcTable's HITAS): a cell of a k-dimension table is protected by withholding the
 * 2^k corners of a sub-cube through it (one other value per dimension). Adding +t to
 * the corners of even parity and -t to the others leaves every sum over any dimension,
 * so every margin of every table, unchanged: an attacker cannot tell t from 0, and the
 * cell's interval is at least the smallest even corner plus the smallest odd one wide.
 * The measures an identity derives from the cell's measure (cessazioni from
 * cessazioni_comunicate, saldo from both) move with it, so their corners are withheld too.
 *
 * Used when many figures of a large block are exposed at once (tables of mostly small
 * counts), where complements one at a time would take round after round of the LP
 * audit; the audit then checks the result as always.
 */
export class HypercubeCorners {
  private readonly where = new Map<string, { c: number; r: number; j: number }>();
  private readonly rowAt: Map<string, number>[];
  private readonly valuesOf: string[][][];
  private readonly dependents: number[][][];

  constructor(private readonly cubes: readonly Hypercube[], private readonly keys: readonly string[][][]) {
    keys.forEach((rows, c) => rows.forEach((row, r) => row.forEach((k, j) => this.where.set(k, { c, r, j }))));
    this.rowAt = cubes.map((cube) => new Map(cube.rows.map((row, r) => [row.dims.join('\u0001'), r])));
    this.valuesOf = cubes.map((cube) => cube.dims.map((_, d) => [...new Set(cube.rows.map((row) => row.dims[d]!))]));
    // measures derived from each measure, through the identities (transitively)
    this.dependents = cubes.map((cube) => {
      const index = new Map(cube.measures.map((m, j) => [m.name, j]));
      return cube.measures.map((_, j) => {
        const found = new Set<number>();
        let frontier = [j];
        while (frontier.length) {
          const next: number[] = [];
          for (const f of frontier) {
            for (const id of cube.identities ?? []) {
              const target = index.get(id.measure)!;
              if (id.terms.some(([t]) => index.get(t) === f) && !found.has(target)) { found.add(target); next.push(target); }
            }
          }
          frontier = next;
        }
        return [...found];
      });
    });
  }

  /** The figures to withhold with the cell `key` (its corners and their derived measures); undefined: not a cell. */
  cornersOf(key: string, minCell: number): string[] | undefined {
    const at = this.where.get(key);
    if (!at) return undefined;
    const { c, r, j } = at;
    const cube = this.cubes[c]!;
    const origin = cube.rows[r]!.dims;
    const valueAt = (dims: readonly string[]) => {
      const row = this.rowAt[c]!.get(dims.join('\u0001'));
      return row === undefined ? -1 : cube.rows[row]!.values[j]!;
    };
    const chosen: (string | undefined)[] = origin.map(() => undefined);
    // one dimension at a time, the other value whose corners so far have the largest smallest count
    const cornersWith = (choice: readonly (string | undefined)[]) => {
      const free = choice.map((v, d) => (v === undefined ? -1 : d)).filter((d) => d >= 0);
      const out: string[][] = [];
      for (let mask = 0; mask < 1 << free.length; mask++) {
        out.push(origin.map((v, d) => { const i = free.indexOf(d); return i >= 0 && mask & (1 << i) ? choice[d]! : v; }));
      }
      return out;
    };
    for (let d = 0; d < origin.length; d++) {
      let best: { v: string; score: number } | undefined;
      const candidates = this.valuesOf[c]![d]!.filter((v) => v !== origin[d])
        .map((v) => ({ v, single: valueAt(origin.map((o, i) => (i === d ? v : o))) }))
        .sort((a, b) => b.single - a.single).slice(0, 6);
      for (const { v } of candidates) {
        const trial = chosen.map((x, i) => (i === d ? v : x));
        const corners = cornersWith(trial).filter((dims) => dims.some((x, i) => x !== origin[i]));
        const score = Math.min(...corners.map(valueAt));
        if (!best || score > best.score) best = { v, score };
        if (score >= minCell) break;
      }
      if (best) chosen[d] = best.v;
    }
    const measures = [j, ...this.dependents[c]![j]!];
    return cornersWith(chosen).flatMap((dims) => {
      const row = this.rowAt[c]!.get(dims.join('\u0001'));
      return row === undefined ? [] : measures.map((m) => this.keys[c]![row]![m]!);
    });
  }
}
