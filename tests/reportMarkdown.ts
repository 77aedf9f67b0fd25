/** Reads the tables of a report.md back, for tests: the lines of the table under a heading. */
export function markdownTable(markdown: string, title: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`### ${title}`);
  if (start === -1) throw new Error(`no table "${title}" in the report`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    if (/^\|\s*:?--/.test(line)) continue;
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim().replace(/^\*\*(.*)\*\*$/, '$1')),
    );
  }
  return rows;
}

/** The headline table (Indicatore | Valore) as label -> value. */
export function headline(markdown: string): Record<string, string> {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Indicatore | Valore |'));
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [label, value] = line
      .slice(1, -1)
      .split(' | ')
      .map((c) => c.trim());
    out[label!] = value!;
  }
  return out;
}
