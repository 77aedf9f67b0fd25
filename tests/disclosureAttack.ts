import GLPK, { type LP } from 'glpk.js/node';
import type { CellInput } from '../src/disclosure/suppressCells.js';
import { figureKey } from '../src/disclosure/figureKey.js';
import type { Hypercube } from '../src/disclosure/hypercube.js';

// GLPK (WebAssembly): loaded once; its solve is synchronous
const glpk = await GLPK();

/**
 * The attacker of the spec: knows every published cell and the total of every
 * line (cells that differ in one dimension), and solves the linear system for the
 * suppressed cells. A suppressed cell is recovered when its value is determined:
 * its unit vector lies in the row space of the line equations (Gaussian elimination).
 */
export function recoverable(
  cells: CellInput[],
  suppressed: boolean[],
  dims: number,
  protectedTotals: Set<string>,
): number[] {
  const hidden = cells.map((_, i) => i).filter((i) => suppressed[i]);
  const col = new Map(hidden.map((i, j) => [i, j]));
  const rows: number[][] = [];
  for (let d = 0; d < dims; d++) {
    const lines = new Map<string, number[]>();
    cells.forEach((c, i) => {
      const k = c.key.map((v, x) => (x === d ? '*' : v)).join('|');
      lines.set(k, [...(lines.get(k) ?? []), i]);
    });
    for (const [k, line] of lines) {
      if (protectedTotals.has(`${d}:${k}`)) continue; // that total is not published
      const row = new Array(hidden.length).fill(0);
      for (const i of line) if (col.has(i)) row[col.get(i)!] = 1;
      if (row.some((x) => x)) rows.push(row);
    }
  }
  return determined(rows, hidden.length).map((j) => hidden[j]!);
}

/**
 * Indexes of the unknowns that a system of linear equations (coefficient rows over
 * n unknowns; the known values only move the right-hand side) determines: reduced
 * row echelon form, where a variable is determined when a row has it as its only
 * non-zero entry.
 */
export function determined(rows: number[][], n: number): number[] {
  const m = rows.map((r) => [...r]);
  let lead = 0;
  for (let r = 0; r < m.length && lead < n; lead++) {
    const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[lead]!) > 1e-9);
    if (pivot === -1) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    const p = m[r]![lead]!;
    m[r] = m[r]!.map((x) => x / p);
    for (let i = 0; i < m.length; i++) {
      if (i !== r && Math.abs(m[i]![lead]!) > 1e-9) {
        const f = m[i]![lead]!;
        m[i] = m[i]!.map((x, j) => x - f * m[r]![j]!);
      }
    }
    r++;
  }
  return m
    .filter((row) => row.filter((x) => Math.abs(x) > 1e-9).length === 1)
    .map((row) => row.findIndex((x) => Math.abs(x) > 1e-9));
}

/**
 * The bounds attacker, independent of the production audit (a different LP solver,
 * GLPK's simplex, and none of the audit's code: no blocks, no ranges seen, no warm
 * start, a new problem for every bound): for every withheld figure, the least and the
 * greatest value it takes over all the non-negative (or, for `signed` figures, free)
 * values of the withheld figures that satisfy every published relation. Figures are
 * named by string; `shown` gives the published ones. Bounds are rounded inwards, as an
 * attacker who knows the figures are integers would. With `enough`, a figure that the
 * solutions already found put at two values at least that far apart is not solved: its
 * bounds are those two values (its interval holds both, so it is at least that wide).
 */
export function lpBounds(
  figures: Map<string, { value: number; shown: boolean; signed?: boolean }>,
  relations: [name: string, coefficient: number][][],
  enough?: number,
): Map<string, { lo: number; hi: number }> {
  const hidden = [...figures].filter(([, f]) => !f.shown).map(([name]) => name);
  const subjectTo: LP['subjectTo'] = [];
  relations.forEach((relation, r) => {
    let known = 0;
    const vars = new Map<string, number>();
    for (const [name, k] of relation) {
      const f = figures.get(name)!;
      if (f.shown) known += k * f.value;
      else vars.set(name, (vars.get(name) ?? 0) + k);
    }
    if (vars.size) {
      subjectTo.push({
        name: `r${r}`,
        vars: [...vars].map(([name, coef]) => ({ name, coef })),
        bnds: { type: glpk.GLP_FX, lb: -known, ub: -known },
      });
    }
  });
  const bounds = hidden.map((name) =>
    figures.get(name)!.signed ? { name, type: glpk.GLP_FR, lb: 0, ub: 0 } : { name, type: glpk.GLP_LO, lb: 0, ub: 0 },
  );
  const solve = (target: string | { name: string; coef: number }[], direction: number) => {
    const vars = typeof target === 'string' ? [{ name: target, coef: 1 }] : target;
    const { result } = glpk.solve(
      { name: 'attack', objective: { direction, name: 'z', vars }, subjectTo, bounds },
      { msglev: glpk.GLP_MSG_OFF, presol: false },
    ); // the presolver reports an unbounded or infeasible problem as undefined
    if (result.status === glpk.GLP_UNBND) return direction === glpk.GLP_MIN ? -Infinity : Infinity;
    if (result.status !== glpk.GLP_OPT)
      throw new Error(
        `attacker: no solution (status ${result.status}) for ${target}: the published figures are inconsistent`,
      );
    if (enough !== undefined) {
      for (const [name, v] of Object.entries(result.vars)) {
        const r = seen.get(name);
        if (!r) seen.set(name, [v, v]);
        else {
          r[0] = Math.min(r[0], v);
          r[1] = Math.max(r[1], v);
        }
      }
    }
    return result.z;
  };
  const seen = new Map<string, [number, number]>();
  if (enough !== undefined) {
    // a few tables of random directions first: each puts many figures at an end of their
    // range, so most are shown wide enough without an LP of their own
    let state = 12345;
    const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < Math.min(20, hidden.length); i++) {
      const objective = hidden.map((name) => ({ name, coef: random() < 0.5 ? -1 : 1 }));
      if (solve(objective, glpk.GLP_MAX) === Infinity) break; // unbounded: its vertex says nothing
    }
  }
  return new Map(
    hidden.map((h) => {
      const r = seen.get(h);
      if (enough !== undefined && r) {
        const [lo, hi] = [Math.ceil(r[0] - 1e-6) + 0, Math.floor(r[1] + 1e-6) + 0];
        if (hi - lo >= enough) return [h, { lo, hi }];
      }
      const lo = solve(h, glpk.GLP_MIN);
      const hi = solve(h, glpk.GLP_MAX);
      // + 0 turns the -0 of a rounded tiny negative into 0
      return [
        h,
        {
          lo: Number.isFinite(lo) ? Math.ceil(lo - 1e-6) + 0 : lo,
          hi: Number.isFinite(hi) ? Math.floor(hi + 1e-6) + 0 : hi,
        },
      ];
    }),
  );
}

/**
 * The figures and relations a reader of a table published by suppressCells has: each
 * cell (shown or not), and the total of every line (cells differing in one dimension),
 * shown unless listed in protectedTotals ("dim=value, ..., dim=*").
 */
export function tableWithLineTotals(
  cells: CellInput[],
  suppressed: boolean[],
  dims: string[],
  protectedTotals: string[],
) {
  const figures = new Map<string, { value: number; shown: boolean }>();
  const relations: [string, number][][] = [];
  cells.forEach((c, i) => figures.set(`cell:${c.key.join('|')}`, { value: c.value, shown: !suppressed[i] }));
  const withheld = new Set(protectedTotals);
  for (let d = 0; d < dims.length; d++) {
    const lines = new Map<string, CellInput[]>();
    for (const c of cells) {
      const label = c.key.map((v, x) => `${dims[x]}=${x === d ? '*' : v}`).join(', ');
      lines.set(label, [...(lines.get(label) ?? []), c]);
    }
    for (const [label, line] of lines) {
      figures.set(`total:${label}`, { value: line.reduce((a, c) => a + c.value, 0), shown: !withheld.has(label) });
      relations.push([...line.map((c): [string, number] => [`cell:${c.key.join('|')}`, 1]), [`total:${label}`, -1]]);
    }
  }
  return { figures, relations };
}

/** The rule of the audit, written again for the attacker: a small count needs minCell of room, any other non-zero figure must not be pinned. */
export function exposedFigures(
  figures: Map<string, { value: number }>,
  bounds: Map<string, { lo: number; hi: number }>,
  minCell: number,
): string[] {
  return [...bounds]
    .filter(([name, { lo, hi }]) => {
      const v = figures.get(name)!.value;
      return v >= 1 && v < minCell ? hi - lo < minCell : v !== 0 && hi === lo;
    })
    .map(([name]) => name);
}

/**
 * What a reader of a set of hypercubes and of every total the outputs publish has,
 * built here from the rows and not by the production code: each cell; each total over
 * any of the dimensions that keeps province and group or not, and at most one other
 * breakdown (what the report and the province editions publish) or, keeping the group,
 * only breakdowns the cube declares `crossed` (published crossed with each other; a
 * dimension `within` another, kept only with it, one breakdown with it), of every additive
 * measure, shown unless the decision withheld it; the sums that make the totals; and
 * the identities of every row. Figures are named as the outputs name them (figureKey),
 * so totals two tables share are one figure.
 */
export function readerOfHypercubes(
  cubes: readonly Hypercube[],
  withheld: readonly boolean[][][],
  figuresShown: ReadonlyMap<string, boolean>,
) {
  const core = new Set(['provincia', 'gruppo_cittadinanza']);
  const figures = new Map<string, { value: number; shown: boolean; signed?: boolean }>();
  const relations: [string, number][][] = [];
  const seenRelation = new Set<string>();
  const relate = (r: [string, number][]) => {
    const text = r
      .map(([k, c]) => `${c}${k}`)
      .sort()
      .join(' ');
    if (!seenRelation.has(text)) {
      seenRelation.add(text);
      relations.push(r);
    }
  };
  cubes.forEach((cube, c) => {
    const keyOf = (dims: readonly (string | null)[], m: string) =>
      figureKey(cube.family, { ...cube.constants, ...Object.fromEntries(cube.dims.map((d, i) => [d, dims[i]])) }, m);
    cube.rows.forEach((row, r) =>
      cube.measures.forEach((m, j) => {
        figures.set(keyOf(row.dims, m.name), {
          value: row.values[j]!,
          shown: !withheld[c]![r]![j],
          ...(m.signed ? { signed: true } : {}),
        });
      }),
    );
    for (const row of cube.rows) {
      for (const identity of cube.identities ?? []) {
        relate([
          [keyOf(row.dims, identity.measure), -1],
          ...identity.terms.map(([t, k]): [string, number] => [keyOf(row.dims, t), k]),
        ]);
      }
    }
    const n = cube.dims.length;
    for (let keep = 0; keep < (1 << n) - 1; keep++) {
      const kept = cube.dims.filter((_, i) => keep & (1 << i));
      // a dimension within another (a division within its section) is published with it:
      // kept without its parent it is the same figures again, kept with it one breakdown
      const within = Object.entries(cube.within ?? {});
      if (within.some(([child, parent]) => kept.includes(child) && !kept.includes(parent))) continue;
      const others = kept.filter((d) => !core.has(d) && !within.some(([child]) => child === d));
      // one other breakdown, or, within each citizenship group, only breakdowns the table
      // declares published crossed
      const group = cube.dims.indexOf('gruppo_cittadinanza');
      const crossedKept = group >= 0 && keep & (1 << group) && others.every((d) => cube.crossed?.includes(d));
      if (others.length > 1 && !crossedKept) continue;
      for (const [j, m] of cube.measures.entries()) {
        if (!m.additive) continue;
        const totals = new Map<string, { value: number; parts: string[] }>();
        for (const row of cube.rows) {
          const k = keyOf(
            row.dims.map((v, i) => (keep & (1 << i) ? v : null)),
            m.name,
          );
          const t = totals.get(k) ?? { value: 0, parts: [] };
          t.value += row.values[j]!;
          t.parts.push(keyOf(row.dims, m.name));
          totals.set(k, t);
        }
        for (const [k, t] of totals) {
          figures.set(k, {
            value: t.value,
            shown: figuresShown.get(k) === false,
            ...(m.signed ? { signed: true } : {}),
          });
          relate([[k, -1], ...t.parts.map((p): [string, number] => [p, 1])]);
        }
      }
    }
  });
  const broken = relations.filter((r) => Math.abs(r.reduce((a, [k, c]) => a + c * figures.get(k)!.value, 0)) > 1e-9);
  if (broken.length) throw new Error(`the reader's relations do not hold: ${JSON.stringify(broken[0])}`);
  return { figures, relations };
}

/**
 * lpBounds over each independent part of a system (the withheld figures two
 * relations link, found here by a union-find of the attacker's own): the same bounds,
 * on LPs the size of a part rather than of the whole (`enough` as for lpBounds).
 */
export function lpBoundsByParts(
  figures: Map<string, { value: number; shown: boolean; signed?: boolean }>,
  relations: [string, number][][],
  enough?: number,
): Map<string, { lo: number; hi: number }> {
  const hidden = [...figures].filter(([, f]) => !f.shown).map(([k]) => k);
  const parent = new Map(hidden.map((k) => [k, k]));
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  for (const r of relations) {
    const unknown = r.map(([k]) => k).filter((k) => parent.has(k));
    for (const k of unknown.slice(1)) parent.set(find(k), find(unknown[0]!));
  }
  const parts = new Map<string, Set<string>>();
  for (const k of hidden) parts.set(find(k), (parts.get(find(k)) ?? new Set()).add(k));
  const out = new Map<string, { lo: number; hi: number }>();
  for (const part of parts.values()) {
    const own = new Map([...figures].filter(([k, f]) => f.shown || part.has(k)));
    const rel = relations.filter((r) => r.some(([k]) => part.has(k)));
    for (const [k, b] of lpBounds(own, rel, enough)) out.set(k, b);
  }
  return out;
}
