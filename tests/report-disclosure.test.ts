import { describe, expect, it } from 'vitest';
import { categoryTable, pivotTable } from '../src/reports/semiannual/publishTables.js';
import { isSuppressed, type CellValue, type ReportTable } from '../src/reports/semiannual/reportModel.js';
import { determined } from './disclosureAttack.js';

/** A small deterministic generator: counts that are often below the threshold. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const count = (rand: () => number) => (rand() < 0.25 ? 0 : rand() < 0.5 ? 1 + Math.floor(rand() * 4) : 5 + Math.floor(rand() * 40));

/**
 * The attacker of a published report table: every withheld cell (body or total) is an
 * unknown; the equations are what a reader knows: each column adds up to its total
 * row, each row of a pivot adds up to its total column, and saldo = attivazioni -
 * cessazioni comunicate - cessazioni a termine in every row. Returns the withheld
 * cells whose value those equations determine.
 */
function attack(table: ReportTable, relations: { columnSums: number[]; rowSums?: number[]; saldo?: { of: number; minus: number[]; plus: number } }) {
  const unknown = new Map<string, number>();
  table.rows.forEach((row, r) => row.forEach((v, c) => { if (isSuppressed(v)) unknown.set(`${r}:${c}`, unknown.size); }));
  const equations: number[][] = [];
  const equation = (terms: [number, number, number][]) => {
    const row = new Array<number>(unknown.size).fill(0);
    for (const [r, c, coefficient] of terms) { const j = unknown.get(`${r}:${c}`); if (j !== undefined) row[j]! += coefficient; }
    if (row.some((x) => x !== 0)) equations.push(row);
  };
  const last = table.rows.length - 1;
  for (const c of relations.columnSums) equation([...table.rows.slice(0, last).map((_, r): [number, number, number] => [r, c, 1]), [last, c, -1]]);
  if (relations.rowSums) {
    const totalColumn = table.columns.length - 1;
    table.rows.forEach((_, r) => equation([...relations.rowSums!.map((c): [number, number, number] => [r, c, 1]), [r, totalColumn, -1]]));
  }
  if (relations.saldo) {
    const { of, minus, plus } = relations.saldo;
    table.rows.forEach((_, r) => equation([[r, of, 1], [r, plus, -1], ...minus.map((c): [number, number, number] => [r, c, 1])]));
  }
  const names = [...unknown.keys()];
  return determined(equations, unknown.size).map((j) => names[j]!);
}

describe('disclosure control of the report tables', () => {
  it('no withheld cell of a one-dimension flow table can be recovered from the shown cells, totals and saldo', () => {
    const rand = lcg(7);
    let withheld = 0;
    for (let t = 0; t < 300; t++) {
      const rows = Array.from({ length: 2 + Math.floor(rand() * 10) }, (_, i) => {
        const [a, cc, ct] = [count(rand), count(rand), count(rand)];
        return { key: `k${i}`, label: `K${i}`, counts: [a, cc, ct], derived: [a - cc - ct] };
      });
      const sum = (k: number) => rows.reduce((s, r) => s + r.counts[k]!, 0);
      const total = { counts: [sum(0), sum(1), sum(2)], derived: [sum(0) - sum(1) - sum(2)] };
      const table = categoryTable({
        title: 't', keyLabel: 'k', columns: [], rows, total, minCell: 5, derivedAs: [{ 0: 1, 1: -1, 2: -1 }],
      });
      // Every small count is withheld ...
      table.rows.forEach((line, r) => line.slice(1, 4).forEach((v: CellValue, c) => {
        const exact = r < rows.length ? rows[r]!.counts[c]! : total.counts[c]!;
        if (exact >= 1 && exact < 5) expect(isSuppressed(v)).toBe(true);
        if (!isSuppressed(v)) expect(v).toBe(exact);
      }));
      withheld += table.suppressed;
      // ... and none can be worked out.
      expect(attack(table, { columnSums: [1, 2, 3, 4], saldo: { of: 4, plus: 1, minus: [2, 3] } })).toEqual([]);
    }
    expect(withheld).toBeGreaterThan(300); // the attack had something to attack
  });

  it('no withheld cell or total of a two-dimension table can be recovered from rows, columns and the grand total', () => {
    const rand = lcg(11);
    let withheld = 0;
    for (let t = 0; t < 300; t++) {
      const rows = Array.from({ length: 2 + Math.floor(rand() * 6) }, (_, i) => ({ key: `r${i}`, label: `R${i}` }));
      const columns = Array.from({ length: 2 + Math.floor(rand() * 5) }, (_, i) => ({ key: `c${i}`, label: `C${i}` }));
      const values = new Map(rows.flatMap((r) => columns.map((c) => [`${r.key}|${c.key}`, count(rand)] as const)));
      const table = pivotTable({ title: 't', rowLabel: 'r', rows, columns, value: (r, c) => values.get(`${r}|${c}`)!, minCell: 5 });
      rows.forEach((r, i) => columns.forEach((c, j) => {
        const exact = values.get(`${r.key}|${c.key}`)!;
        const shown = table.rows[i]![j + 1]!;
        if (exact >= 1 && exact < 5) expect(isSuppressed(shown)).toBe(true);
        if (!isSuppressed(shown)) expect(shown).toBe(exact);
      }));
      withheld += table.suppressed;
      const cells = columns.map((_, j) => j + 1);
      expect(attack(table, { columnSums: [...cells, columns.length + 1], rowSums: cells }), `table ${t}`).toEqual([]);
    }
    expect(withheld).toBeGreaterThan(300);
  });
});
