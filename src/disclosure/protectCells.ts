import { blockIntervals, type CellInterval } from './cellIntervals.js';
import { blocksOf } from './blocks.js';
import type { DisclosureSystem, LinkedCell } from './linkedCells.js';
import { isProtected } from './protectionRule.js';

export interface ProtectionResult {
  /** The interval of every withheld figure after protection (exact or a seen range wide enough). */
  intervals: Map<string, CellInterval>;
  /** Figures withheld by the audit (complementary cells), in the order chosen. */
  added: string[];
  rounds: number;
  blocks: number;
  /** Figures left unprotected because every figure that could protect them is fixed (only with `keepUnprotectable`). */
  unprotected: string[];
  /** Wall time of the audit (for the logs). */
  seconds: number;
}

/** The error of an audit that cannot protect a figure: nothing is published unaudited. */
class DisclosureAuditError extends Error {}

/** Rank as a complementary cell: the smallest non-zero figure first, zeros after every non-zero. */
const rank = (c: LinkedCell) => c.cost ?? (c.value === 0 ? Number.MAX_SAFE_INTEGER : Math.abs(c.value));

/**
 * The audit and the protection loop: while a withheld figure is not protected
 * (protectionRule), withhold one more figure, the smallest shown one of a relation
 * through it (else of any relation of its block), and audit again. Only the blocks
 * that changed are solved again. Throws when a figure cannot be protected (every
 * figure of its relations is fixed as shown): the caller must not publish.
 */
export function protectCells(
  system: DisclosureSystem,
  minCell: number,
  o: {
    keepUnprotectable?: boolean;
    /** Ranges already seen in consistent tables (protectionPatterns.ts): a figure whose range is wide enough needs no LP. */
    seen?: ReadonlyMap<string, { lo: number; hi: number }>;
  } = {},
): ProtectionResult {
  const started = performance.now();
  const enough = (key: string, lo: number, hi: number) => isProtected(system.cells.get(key)!, minCell, lo, hi);
  const solved = new Map<string, Map<string, CellInterval>>();
  const safe = new Set<string>();
  const safeIntervals = new Map<string, CellInterval>();
  const added: string[] = [];
  const unprotected = new Set<string>();
  for (const [key, v] of o.seen ?? [])
    if (enough(key, v.lo, v.hi)) {
      safe.add(key);
      safeIntervals.set(key, { ...v, exact: false });
    }
  let rounds = 0;
  let blockCount = 0;
  for (;;) {
    rounds++;
    const blocks = blocksOf(system);
    blockCount = blocks.length;
    const fresh = new Map<string, Map<string, CellInterval>>();
    const exposed: string[] = [];
    for (const block of blocks) {
      // withholding more only widens every interval (the attacker knows less), so a figure
      // once protected stays protected: a changed block solves only the others again
      const intervals = solved.get(block.signature) ?? blockIntervals(system, block, enough, { skip: safe });
      for (const [key, v] of intervals)
        if (enough(key, v.lo, v.hi)) {
          safe.add(key);
          safeIntervals.set(key, v);
        }
      fresh.set(block.signature, intervals);
      for (const [key, { lo, hi }] of intervals) if (!enough(key, lo, hi) && !unprotected.has(key)) exposed.push(key);
    }
    solved.clear();
    for (const [s, i] of fresh) solved.set(s, i);
    if (exposed.length === 0) break;
    // one complementary figure per exposed figure, but none for a figure near which one
    // was already withheld this round: the next audit tells whether that was enough
    const touched = new Set<number>();
    const chosen = new Set<string>();
    for (const key of exposed) {
      // its relations, and those of the withheld figures they hold: a change there may be enough
      const own = system.relationsOf.get(key) ?? [];
      const near = own.flatMap((r) =>
        system.relations[r]!.filter(([k]) => system.cells.get(k)!.suppressed).flatMap(
          ([k]) => system.relationsOf.get(k) ?? [],
        ),
      );
      if (near.some((r) => touched.has(r))) continue;
      const next = complementFor(system, key);
      // nothing left to withhold around it, but something else of this round may widen it: audit again first
      if (next === undefined && chosen.size > 0) continue;
      if (next === undefined && o.keepUnprotectable) {
        unprotected.add(key);
        continue;
      }
      if (next === undefined) {
        throw new DisclosureAuditError(
          `disclosure audit: the withheld figure ${key} can be narrowed below the threshold ` +
            'and no figure of its relations can be withheld with it (all are fixed as published): do not publish these tables ' +
            'as they are; withhold the fixed figures in the output that shows them, or raise --min-cell',
        );
      }
      if (!chosen.has(next)) {
        chosen.add(next);
        for (const k of system.suppress(next)) {
          added.push(k);
          for (const r of system.relationsOf.get(k) ?? []) touched.add(r);
        }
      }
    }
  }
  const intervals = new Map(safeIntervals);
  for (const block of solved.values()) for (const [k, v] of block) intervals.set(k, v);
  return {
    intervals,
    added,
    unprotected: [...unprotected],
    rounds,
    blocks: blockCount,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The shown, not fixed figure to withhold for an exposed one: from a relation that
 * pins it alone if there is one, else from its own relations, else from its block's.
 */
function complementFor(system: DisclosureSystem, key: string): string | undefined {
  const candidates = (relations: Iterable<number>) => {
    let best: LinkedCell | undefined;
    for (const r of relations) {
      for (const [k] of system.relations[r]!) {
        const c = system.cells.get(k)!;
        if (c.suppressed || c.fixed) continue;
        if (!best || rank(c) < rank(best) || (rank(c) === rank(best) && c.key < best.key)) best = c;
      }
    }
    return best?.key;
  };
  const through = system.relationsOf.get(key) ?? [];
  // a relation in which it is the only withheld figure pins it: only a figure of that one helps
  const pinning = through.filter((r) =>
    system.relations[r]!.every(([k]) => k === key || !system.cells.get(k)!.suppressed),
  );
  const own = candidates(pinning.length ? pinning : through);
  if (own !== undefined) return own;
  // every figure of its own relations is withheld or fixed: widen to the relations of
  // the withheld figures it is linked with (breadth first over the block)
  const seen = new Set([key]);
  let frontier = [key];
  while (frontier.length) {
    const relations = new Set(frontier.flatMap((k) => system.relationsOf.get(k) ?? []));
    const found = candidates(relations);
    if (found !== undefined) return found;
    frontier = [...relations]
      .flatMap((r) => system.relations[r]!.map(([k]) => k))
      .filter((k) => !seen.has(k) && system.cells.get(k)!.suppressed);
    for (const k of frontier) seen.add(k);
  }
  return undefined;
}
