import type { DisclosureSystem } from './linkedCells.js';

/**
 * The independent blocks of a system: the connected components of the graph whose
 * nodes are the withheld figures, two of them joined when a relation holds both.
 * A relation touches one block only, and the bounds of a figure depend on its block
 * alone, so each block is solved on its own (and a block that did not change since
 * the last round need not be solved again). Relations without a withheld figure
 * hold no unknown and are left out.
 */
export interface Block {
  /** The withheld figures of the block (the LP's variables). */
  keys: string[];
  /** Indexes into system.relations. */
  relations: number[];
  /** Identifies the block's content: same signature, same bounds. */
  signature: string;
}

export function blocksOf(system: DisclosureSystem): Block[] {
  const hidden = system.suppressedKeys();
  const index = new Map(hidden.map((k, i) => [k, i]));
  const parent = hidden.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const touching: number[] = [];
  system.relations.forEach((relation, r) => {
    const members = relation.map(([k]) => index.get(k)).filter((i): i is number => i !== undefined);
    if (members.length === 0) return;
    touching.push(r);
    for (const m of members.slice(1)) parent[find(m)] = find(members[0]!);
  });
  const byRoot = new Map<number, Block>();
  hidden.forEach((k, i) => {
    const root = find(i);
    const block = byRoot.get(root);
    if (block) block.keys.push(k);
    else byRoot.set(root, { keys: [k], relations: [], signature: '' });
  });
  for (const r of touching) {
    const first = system.relations[r]!.find(([k]) => index.has(k))!;
    byRoot.get(find(index.get(first[0])!))!.relations.push(r);
  }
  const blocks = [...byRoot.values()];
  for (const b of blocks) b.signature = [...b.keys].sort().join('\u0001');
  return blocks;
}
