import { describe, expect, it } from 'vitest';
import { categoryTable, pivotTable } from '../src/reports/page/publishTables.js';
import { isSuppressed, type CellValue, type ReportTable } from '../src/reports/page/reportModel.js';
import { determined } from './disclosureAttack.js';

/** A small deterministic generator: counts that are often below the threshold. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}
const count = (rand: () => number) =>
  rand() < 0.25 ? 0 : rand() < 0.5 ? 1 + Math.floor(rand() * 4) : 5 + Math.floor(rand() * 40);

/**
 * The attacker of a published report table: every withheld cell (body or total) is an
 * unknown; the equations are what a reader knows: each column adds up to its total
 * row, each row of a pivot adds up to its total column, and saldo = attivazioni -
 * cessazioni comunicate - cessazioni a termine in every row. Returns the withheld
 * cells whose value those equations determine.
 */
function attack(
  table: ReportTable,
  relations: { columnSums: number[]; rowSums?: number[]; saldo?: { of: number; minus: number[]; plus: number } },
) {
  const unknown = new Map<string, number>();
  table.rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (isSuppressed(v)) unknown.set(`${r}:${c}`, unknown.size);
    }),
  );
  const equations: number[][] = [];
  const equation = (terms: [number, number, number][]) => {
    const row = new Array<number>(unknown.size).fill(0);
    for (const [r, c, coefficient] of terms) {
      const j = unknown.get(`${r}:${c}`);
      if (j !== undefined) row[j]! += coefficient;
    }
    if (row.some((x) => x !== 0)) equations.push(row);
  };
  const last = table.rows.length - 1;
  for (const c of relations.columnSums)
    equation([...table.rows.slice(0, last).map((_, r): [number, number, number] => [r, c, 1]), [last, c, -1]]);
  if (relations.rowSums) {
    const totalColumn = table.columns.length - 1;
    table.rows.forEach((_, r) =>
      equation([...relations.rowSums!.map((c): [number, number, number] => [r, c, 1]), [r, totalColumn, -1]]),
    );
  }
  if (relations.saldo) {
    const { of, minus, plus } = relations.saldo;
    table.rows.forEach((_, r) =>
      equation([[r, of, 1], [r, plus, -1], ...minus.map((c): [number, number, number] => [r, c, 1])]),
    );
  }
  const names = [...unknown.keys()];
  return determined(equations, unknown.size).map((j) => names[j]!);
}

/**
 * The reader who knows that zeros are shown and so takes every withheld count for at
 * least 1: a line whose withheld counts add up to their number gives each away.
 * Returns the lines (as lists of exact values of the withheld cells) that do.
 */
function allOnes(lines: { exact: number; shown: CellValue }[][]): number[][] {
  return lines
    .map((line) => line.filter((c) => isSuppressed(c.shown)).map((c) => c.exact))
    .filter((w) => w.length > 0 && w.every((v) => v >= 1) && w.reduce((a, b) => a + b, 0) === w.length);
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
        title: 't',
        source: 'Fonte: prova',
        keyLabel: 'k',
        columns: [],
        rows,
        total,
        minCell: 5,
        derivedAs: [{ 0: 1, 1: -1, 2: -1 }],
      });
      // Every small count is withheld ...
      table.rows.forEach((line, r) =>
        line.slice(1, 4).forEach((v: CellValue, c) => {
          const exact = r < rows.length ? rows[r]!.counts[c]! : total.counts[c]!;
          if (exact >= 1 && exact < 5) expect(isSuppressed(v)).toBe(true);
          if (!isSuppressed(v)) expect(v).toBe(exact);
        }),
      );
      withheld += table.suppressed;
      // ... and none can be worked out,
      expect(attack(table, { columnSums: [1, 2, 3, 4], saldo: { of: 4, plus: 1, minus: [2, 3] } })).toEqual([]);
      // not even by a reader who takes every n.p. for at least 1
      const exactAt = (r: number, c: number) => (r < rows.length ? rows[r]!.counts[c]! : total.counts[c]!);
      const last = table.rows.length - 1;
      expect(
        allOnes(
          [0, 1, 2]
            .filter((c) => !isSuppressed(table.rows[last]![c + 1]!))
            .map((c) => table.rows.slice(0, last).map((line, r) => ({ exact: exactAt(r, c), shown: line[c + 1]! }))),
        ),
      ).toEqual([]);
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
      const table = pivotTable({
        title: 't',
        source: 'Fonte: prova',
        rowLabel: 'r',
        rows,
        columns,
        value: (r, c) => values.get(`${r}|${c}`)!,
        minCell: 5,
      });
      rows.forEach((r, i) =>
        columns.forEach((c, j) => {
          const exact = values.get(`${r.key}|${c.key}`)!;
          const shown = table.rows[i]![j + 1]!;
          if (exact >= 1 && exact < 5) expect(isSuppressed(shown)).toBe(true);
          if (!isSuppressed(shown)) expect(shown).toBe(exact);
        }),
      );
      withheld += table.suppressed;
      const cells = columns.map((_, j) => j + 1);
      expect(attack(table, { columnSums: [...cells, columns.length + 1], rowSums: cells }), `table ${t}`).toEqual([]);
      const exactAt = (i: number, j: number) =>
        i < rows.length && j < columns.length
          ? values.get(`${rows[i]!.key}|${columns[j]!.key}`)!
          : i < rows.length
            ? columns.reduce((a, c) => a + values.get(`${rows[i]!.key}|${c.key}`)!, 0)
            : j < columns.length
              ? rows.reduce((a, r) => a + values.get(`${r.key}|${columns[j]!.key}`)!, 0)
              : [...values.values()].reduce((a, b) => a + b, 0);
      // lines without their total cell: the total is the known side of the relation
      const rowLines = table.rows
        .slice(0, rows.length)
        .map((line, i) => columns.map((_, j) => ({ exact: exactAt(i, j), shown: line[j + 1]! })));
      const columnLines = columns.map((_, j) =>
        rows.map((__, i) => ({ exact: exactAt(i, j), shown: table.rows[i]![j + 1]! })),
      );
      const shownTotal = (i: number, j: number) => !isSuppressed(table.rows[i]![j + 1]!);
      const known = [
        ...rowLines.filter((_, i) => shownTotal(i, columns.length)),
        ...columnLines.filter((_, j) => shownTotal(rows.length, j)),
      ];
      expect(allOnes(known), `table ${t}`).toEqual([]);
    }
    expect(withheld).toBeGreaterThan(300);
  });
});

describe('disclosure control across the report tables that share figures', () => {
  it('a figure published in two tables (the non-EU total) is never the key to a cell the other one withholds', () => {
    const rand = lcg(23);
    let withheld = 0;
    for (let t = 0; t < 300; t++) {
      const published = new Map<string, boolean>();
      const part = (n: number) => Array.from({ length: n }, () => count(rand));
      const bySex = part(2);
      const byAge = part(4);
      // the two breakdowns of one population must add up to the same total
      const nue = bySex.reduce((a, b) => a + b, 0);
      byAge[3] = Math.max(0, nue - byAge.slice(0, 3).reduce((a, b) => a + b, 0));
      byAge[0] = nue - byAge.slice(1).reduce((a, b) => a + b, 0);
      if (byAge[0]! < 0) continue;
      const groups = [count(rand), count(rand), nue];
      const one = (values: number[], title: string, totalKey: string, keys?: string[]) =>
        categoryTable({
          title,
          source: 'Fonte: prova',
          keyLabel: 'k',
          columns: [],
          rows: values.map((v, i) => ({ key: `${title}${i}`, label: `${title}${i}`, counts: [v] })),
          total: { counts: [values.reduce((a, b) => a + b, 0)] },
          minCell: 5,
          published,
          keyOf: (line) => (line === values.length ? totalKey : keys?.[line]),
        });
      const tables = [
        { table: one(bySex, 'sex', 'NUE'), ids: ['sex0', 'sex1', 'NUE'] },
        { table: one(byAge, 'age', 'NUE'), ids: ['age0', 'age1', 'age2', 'age3', 'NUE'] },
        {
          table: one(groups, 'group', 'ALL', [undefined, undefined, 'NUE'] as unknown as string[]),
          ids: ['ITA', 'UE', 'NUE', 'ALL'],
        },
      ];
      // one system over the three tables: a shared figure is one unknown
      const unknown = new Map<string, number>();
      for (const { table, ids } of tables)
        table.rows.forEach((row, r) => {
          if (isSuppressed(row[1]!)) unknown.set(ids[r]!, unknown.get(ids[r]!) ?? unknown.size);
        });
      // a figure shown in one table is known everywhere
      for (const { table, ids } of tables)
        table.rows.forEach((row, r) => {
          if (!isSuppressed(row[1]!)) unknown.delete(ids[r]!);
        });
      const names = [...unknown.keys()];
      const equations = tables
        .map(({ ids }) => {
          const row = new Array<number>(names.length).fill(0);
          ids.forEach((id, r) => {
            const j = names.indexOf(id);
            if (j !== -1) row[j]! += r === ids.length - 1 ? -1 : 1;
          });
          return row;
        })
        .filter((row) => row.some((x) => x !== 0));
      withheld += names.length;
      expect(
        determined(equations, names.length).map((j) => names[j]),
        `trial ${t}`,
      ).toEqual([]);
      // and no figure is shown in one table and withheld in another
      for (const id of ['NUE']) {
        const shown = tables.flatMap(({ table, ids }) =>
          table.rows.filter((_, r) => ids[r] === id).map((row) => isSuppressed(row[1]!)),
        );
        expect(new Set(shown).size, `trial ${t}: ${id} shown in one table and withheld in another`).toBe(1);
      }
    }
    expect(withheld).toBeGreaterThan(100);
  });
});
