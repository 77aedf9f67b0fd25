/**
 * The published figures of one or more tables as an attacker sees them: cells keyed
 * by what a figure is, and the linear relations a reader knows between them (a total
 * is the sum of its parts, saldo is attivazioni minus cessazioni). The key is the
 * link between tables: the same semester x province x group total written in three
 * tables is one cell, so their relations form one linear system and are audited
 * together. Tables are added one after the other (`addCell`, `addRelation`); a new
 * kind of output joins the audit by adding its cells under the same keys.
 */
export interface LinkedCell {
  /** What the figure is, e.g. `flussi|2025-H1|MI|NUE|attivazioni`: equal keys are one figure. */
  key: string;
  /** The exact value (DuckDB computed it; the audit only decides what is shown). */
  value: number;
  /** Withheld. A figure shown in any table is known: it is withheld only when withheld everywhere. */
  suppressed: boolean;
  /** Shown by an output that is already out (or must stay shown): never chosen to be withheld. */
  fixed?: boolean;
  /** Lowest value the figure can take, known to every reader: 0 for counts (the default), -Infinity for a signed measure. */
  lower?: number;
  /** Figures withheld together (the measures of a row withheld as a whole): withholding one withholds all. */
  group?: string;
  /** Order of choice as a complementary cell, lowest first (default: the value, zeros after every non-zero). */
  cost?: number;
  /** For a total: how many dimensions it sums over (the region's total of a breakdown sums over more than a province's). */
  summed?: number;
}

/** A linear relation a reader knows: the sum of coefficient x figure is 0. */
export type LinkedRelation = readonly (readonly [key: string, coefficient: number])[];

export class DisclosureSystem {
  readonly cells = new Map<string, LinkedCell>();
  readonly relations: LinkedRelation[] = [];
  /** Relations by the key of each of their cells. */
  readonly relationsOf = new Map<string, number[]>();
  readonly groups = new Map<string, string[]>();
  /** The relations added, as text: a relation two tables both give (a shared margin's sum) is added once. */
  private readonly seen = new Set<string>();

  /** Adds a figure, or merges it with the same figure of an earlier table (it must have the same value). */
  addCell(cell: LinkedCell): void {
    const known = this.cells.get(cell.key);
    if (!known) {
      this.cells.set(cell.key, { ...cell });
      if (cell.group !== undefined) this.groups.set(cell.group, [...(this.groups.get(cell.group) ?? []), cell.key]);
      return;
    }
    if (Math.abs(known.value - cell.value) > 1e-9) {
      throw new Error(
        `disclosure audit: the figure ${cell.key} is ${known.value} in one table and ${cell.value} in another; ` +
          'two different figures share a key (fix the keys of the tables)',
      );
    }
    known.suppressed = known.suppressed && cell.suppressed;
    known.fixed = Boolean(known.fixed || cell.fixed);
  }

  /** Adds a relation between figures already added (once: the same relation again is ignored). */
  addRelation(relation: LinkedRelation): void {
    const text = relation
      .map(([k, c]) => `${c}*${k}`)
      .sort()
      .join('\u0001');
    if (this.seen.has(text)) return;
    this.seen.add(text);
    const index = this.relations.length;
    for (const [key] of relation) {
      if (!this.cells.has(key)) throw new Error(`disclosure audit: a relation names ${key}, which no table added`);
      const list = this.relationsOf.get(key);
      if (list) {
        if (list.at(-1) !== index) list.push(index);
      } else this.relationsOf.set(key, [index]);
    }
    this.relations.push(relation);
  }

  /** Withholds a figure and the others of its group; returns the keys newly withheld. */
  suppress(key: string): string[] {
    const cell = this.cells.get(key)!;
    const keys = cell.group === undefined ? [key] : this.groups.get(cell.group)!;
    const added = keys.filter((k) => !this.cells.get(k)!.suppressed);
    for (const k of added) this.cells.get(k)!.suppressed = true;
    return added;
  }

  suppressedKeys(): string[] {
    return [...this.cells.values()].filter((c) => c.suppressed).map((c) => c.key);
  }
}
