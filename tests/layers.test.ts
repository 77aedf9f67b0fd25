import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The folders of src/ in the order data flows through them (src/README.md): a module
// imports from its own folder or from a folder of a lower rank, never upward and never
// sideways between folders of one rank.
const rank: Record<string, number> = {
  runtime: 0,
  db: 1,
  ingest: 2,
  transform: 2,
  config: 2,
  generate: 3,
  marts: 3,
  disclosure: 4,
  output: 5,
  reports: 6,
  commands: 7,
  'cli.ts': 8,
};

const src = path.resolve('src');
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
const folderOf = (file: string) => path.relative(src, file).split(path.sep)[0]!;

/** Each module's relative imports, resolved to the imported .ts file. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of walk(src)) {
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
    graph.set(
      file,
      specs.map((s) => path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts')),
    );
  }
  return graph;
}

describe('the layout of src/', () => {
  const graph = importGraph();

  it('knows every folder', () => {
    expect([...new Set([...graph.keys()].map(folderOf))].filter((f) => !(f in rank))).toEqual([]);
  });

  it('imports only from the same folder or a lower one', () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      const from = folderOf(file);
      for (const target of imports) {
        const to = folderOf(target);
        if (to !== from && !(rank[to]! < rank[from]!))
          wrong.push(`${path.relative(src, file)} imports ${path.relative(src, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('resolves every relative import to a module', () => {
    const missing = [...graph].flatMap(([file, imports]) =>
      imports.filter((t) => !graph.has(t)).map((t) => `${path.relative(src, file)} -> ${t}`),
    );
    expect(missing).toEqual([]);
  });

  it('has no import cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(src, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const t of graph.get(file) ?? []) visit(t, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
