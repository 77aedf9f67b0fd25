import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareGolden } from './compareGolden.js';
import { readText, tempDir, writeFile } from './helpers.js';

const chosen = (file: string) => file.endsWith('.md') || file.endsWith('.csv');

/** A golden folder and an output folder of the same two files, and a Parquet file the comparison leaves out. */
function folders() {
  const dir = tempDir();
  const golden = path.join(dir, 'golden');
  const out = path.join(dir, 'out');
  for (const d of [golden, out]) {
    writeFile(d, 'report.md', '# Titolo\n\nriga\n');
    writeFile(d, 'tables/a.csv', 'x,y\n1,2\n3,4\n');
  }
  writeFile(out, 'tables/a.parquet', 'PAR1 bytes that change with the writer');
  return { golden, out };
}

describe('golden folders: byte comparison and deliberate regeneration', () => {
  it('finds nothing when the chosen files are the same, whatever the files left out hold', () => {
    const { golden, out } = folders();
    expect(compareGolden(golden, out, chosen)).toBeUndefined();
  });

  it('names the first differing file in path order and its first differing line, with both lines, then the others', () => {
    const { golden, out } = folders();
    writeFile(out, 'tables/a.csv', 'x,y\n1,2\n3,5\n'); // line 3 changed
    writeFile(out, 'report.md', '# Titolo\n\nriga cambiata\n'); // line 3 changed, and report.md < tables/a.csv
    const message = compareGolden(golden, out, chosen)!;
    const lines = message.split('\n');
    expect(lines[0]).toBe(`golden folder ${path.relative(process.cwd(), golden)}: report.md differs at line 3:`);
    expect(lines[1]).toBe('  expected: "riga"');
    expect(lines[2]).toBe('  actual:   "riga cambiata"');
    expect(lines[3]).toBe('1 more file(s) missing or different: tables/a.csv');
    expect(message).toContain('npm run golden:update');
  });

  it('sees a difference no line shows: a lost final newline, a carriage return', () => {
    const { golden, out } = folders();
    writeFile(out, 'report.md', '# Titolo\n\nriga');
    expect(compareGolden(golden, out, chosen)!.split('\n')[0]).toBe(
      `golden folder ${path.relative(process.cwd(), golden)}: report.md differs at the end: the expected file ends with a newline, the actual one does not`,
    );
    writeFile(out, 'report.md', '# Titolo\n\nriga\nnuova\n'); // a line more: line 4 of the golden file is its end
    expect(compareGolden(golden, out, chosen)).toContain(
      'report.md differs at line 4:\n  expected: (end of file)\n  actual:   "nuova"',
    );
    writeFile(out, 'report.md', '# Titolo\r\n\nriga\n');
    expect(compareGolden(golden, out, chosen)).toContain(
      'report.md differs at line 1:\n  expected: "# Titolo"\n  actual:   "# Titolo\\r"',
    );
  });

  it('says which file is new and which is no longer written', () => {
    const { golden, out } = folders();
    writeFile(out, 'tables/b.csv', 'z\n');
    expect(compareGolden(golden, out, chosen)).toContain(
      'tables/b.csv is written by the command but is not in the golden folder',
    );
    const second = folders();
    writeFile(second.golden, 'tables/old.csv', 'z\n');
    expect(compareGolden(second.golden, second.out, chosen)).toContain(
      'tables/old.csv is in the golden folder but the command no longer writes it',
    );
  });

  it('with update, replaces the golden folder by the chosen files only (a file no longer written goes), then they compare equal', () => {
    const { golden, out } = folders();
    writeFile(golden, 'tables/old.csv', 'z\n');
    writeFile(out, 'tables/a.csv', 'x,y\n9,9\n');
    expect(compareGolden(golden, out, chosen, true)).toBeUndefined();
    expect(readText(path.join(golden, 'tables/a.csv'))).toBe('x,y\n9,9\n');
    expect(existsSync(path.join(golden, 'tables/old.csv'))).toBe(false);
    expect(existsSync(path.join(golden, 'tables/a.parquet'))).toBe(false);
    expect(compareGolden(golden, out, chosen)).toBeUndefined();
  });
});
