import { HypercubeCorners } from './hypercubeCorners.js';
import { addHypercube, type Hypercube } from './hypercube.js';
import { DisclosureSystem } from './linkedCells.js';
import { protectCells } from './protectCells.js';

export interface PublicationDecision {
  /** Per hypercube, row and measure: withheld. */
  withheld: boolean[][][];
  /** Every figure of the system (cells and margins) by key: withheld (true) or shown (false). */
  figures: Map<string, boolean>;
  primary: number;
  secondary: number;
  audit: { unknowns: number; blocks: number; rounds: number; seconds: number };
}

/**
 * Disclosure control of a set of linked tables at once (issue 11, point 2): every
 * measure of every row is a figure of its own, so a small trasformazioni_ti withholds
 * that figure, not the row's activations; the tables' margins are shared figures
 * (hypercube.ts), so secondary suppression holds across all of them. Primary
 * suppression withholds the small counts (cells and margins); a derived measure whose
 * terms are withheld is withheld with them (saldo would give back the term); then the
 * LP audit (protectCells) gives every withheld figure the interval an attacker derives
 * from everything else, with non-negativity, and withholds more, the smallest figure
 * of a relation first, a margin only when no cell can do, until each is protected
 * (protectionRule.ts). Nothing is fixed, so every figure can be protected.
 */
export function decidePublication(cubes: readonly Hypercube[], minCell: number): PublicationDecision {
  const system = new DisclosureSystem();
  const keys = cubes.map((cube) => addHypercube(system, cube, minCell));
  const primary = system.suppressedKeys().length;
  if (minCell > 1) {
    cubes.forEach((cube, c) => {
      const index = new Map(cube.measures.map((m, j) => [m.name, j]));
      for (const identity of cube.identities ?? []) {
        keys[c]!.forEach((row) => {
          if (identity.terms.some(([t]) => system.cells.get(row[index.get(t)!]!)!.suppressed)) system.suppress(row[index.get(identity.measure)!]!);
        });
      }
    });
  }
  const corners = new HypercubeCorners(cubes, keys);
  // tables of mostly small counts: each small count's corners first (hypercubeCorners.ts),
  // which the audit then mostly confirms from a few consistent tables; otherwise the
  // classic second cell per relation, and the audit adds what bounds require
  if (minCell > 1 && primary > Infinity) {
    for (const key of system.suppressedKeys()) for (const k of corners.cornersOf(key, minCell) ?? []) system.suppress(k);
  }
  if (minCell > 1) withholdSecondCells(system);
  const none = { unknowns: 0, blocks: 0, rounds: 0, seconds: 0 };
  const result = minCell > 1 && system.suppressedKeys().length > 0 ? protectCells(system, minCell, { bulk: { above: Infinity, complements: (key) => corners.cornersOf(key, minCell) } }) : undefined;
  const figures = new Map([...system.cells.values()].map((cell) => [cell.key, cell.suppressed]));
  const withheld = keys.map((rows) => rows.map((row) => row.map((k) => figures.get(k)!)));
  const total = [...figures.values()].filter(Boolean).length;
  return {
    withheld, figures, primary, secondary: total - primary,
    audit: result ? { unknowns: total, blocks: result.blocks, rounds: result.rounds, seconds: result.seconds } : none,
  };
}

/**
 * The classic secondary suppression before the audit, cheap and usually most of what it
 * needs: a relation with exactly one withheld figure gives it away, so the smallest
 * other figure of it (cells before margins) is withheld too, until no relation has
 * exactly one. The LP audit then finds what combinations of relations and bounds reveal.
 */
function withholdSecondCells(system: DisclosureSystem): void {
  const rank = (c: { value: number; cost?: number }) => c.cost ?? (c.value === 0 ? Number.MAX_SAFE_INTEGER : Math.abs(c.value));
  let queue = system.relations.map((_, r) => r);
  while (queue.length) {
    const next = new Set<number>();
    for (const r of queue) {
      const relation = system.relations[r]!;
      const withheld = relation.filter(([k]) => system.cells.get(k)!.suppressed);
      if (withheld.length !== 1) continue;
      let best: { key: string; value: number; cost?: number } | undefined;
      for (const [k] of relation) {
        const c = system.cells.get(k)!;
        if (c.suppressed || c.fixed) continue;
        if (!best || rank(c) < rank(best) || (rank(c) === rank(best) && c.key < best.key)) best = c;
      }
      if (!best) continue;
      for (const k of system.suppress(best.key)) for (const q of system.relationsOf.get(k) ?? []) next.add(q);
    }
    queue = [...next];
  }
}
