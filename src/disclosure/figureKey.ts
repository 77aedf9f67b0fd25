/**
 * The name of a published figure, the same wherever it is published: its family (the
 * source and period of a set of tables, e.g. `flussi`), the breakdown it is a cell of
 * (dimension=value pairs, in the order of the dimensions' names; a dimension summed over
 * is absent) and its measure. Two outputs showing `flussi|gruppo_cittadinanza=NUE|provincia=MI|attivazioni`
 * show one figure: the ORIM hypercubes, the report's tables and the province editions
 * key their figures with this function, so the audit links them and the report shows
 * each figure as the ORIM tables publish it.
 */
export function figureKey(
  family: string,
  pairs: Readonly<Record<string, string | null | undefined>>,
  measure: string,
): string {
  const parts = Object.entries(pairs)
    .filter((p): p is [string, string] => p[1] !== null && p[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([d, v]) => `${d}=${v}`);
  return [family, ...parts, measure].join('|');
}

/** The same figure's key with another measure (the saldo of the row whose attivazioni `key` names). */
export function withMeasure(key: string, measure: string): string {
  return `${key.slice(0, key.lastIndexOf('|') + 1)}${measure}`;
}

/** The parts of a figure key (inverse of figureKey; values hold no `|` or `=`). */
export function parseFigureKey(key: string): { family: string; pairs: Record<string, string>; measure: string } {
  const parts = key.split('|');
  return {
    family: parts[0]!,
    measure: parts.at(-1)!,
    pairs: Object.fromEntries(
      parts.slice(1, -1).map((p) => {
        const i = p.indexOf('=');
        return [p.slice(0, i), p.slice(i + 1)];
      }),
    ),
  };
}
