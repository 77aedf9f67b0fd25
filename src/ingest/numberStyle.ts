import type { Database } from '../db/Database.js';
import { fillTemplate, quoteIdent, readScript, readSql, runScript } from '../db/runScript.js';
import { UserError } from '../runtime/errors.js';
import type { HeaderMatch, LoadContext } from './ingestFile.js';
import type { IngestWarning } from './IngestResult.js';

const itValuesSql = readScript(new URL('./it_values.sql', import.meta.url));
const styleSql = readSql(new URL('./number_style.sql', import.meta.url));

export type NumberStyle = 'IT' | 'EN';

/** Loads the macros of it_values.sql (Italian numbers, territories by name) on the connection. */
const loadItValues = (db: Database): Promise<void> => runScript(db, itValuesSql);

/**
 * How a file writes its numbers, decided once for the whole file from its number
 * columns: the Italian way (`.` thousands, `,` decimals) unless a value can only be
 * read with a decimal point (`15785.0`, as INPS open data writes), then English. A
 * file showing both is refused whole, naming one value of each: reading it either
 * way would turn some of its values into others. A file whose values fit both
 * readings (`1.234`, `1234`) is Italian: `1.234` is 1234.
 */
export async function numberStyle<M extends HeaderMatch & { present: Set<string> }>(
  ctx: LoadContext<M>,
  numberColumns: readonly string[],
): Promise<{ style: NumberStyle; slot: string; warnings: IngestWarning[] }> {
  await loadItValues(ctx.db);
  const present = numberColumns.filter((c) => ctx.match.present.has(c));
  const italian = { style: 'IT' as const, slot: "'IT'", warnings: [] };
  if (present.length === 0) return italian;
  const sql = fillTemplate(styleSql, { columns: present.map(quoteIdent).join(', ') });
  const rows = await ctx.db.all<{ style: NumberStyle; n: number; line: number; col: string; val: string }>(
    sql,
    ctx.scan,
  );
  const it = rows.find((r) => r.style === 'IT');
  const en = rows.find((r) => r.style === 'EN');
  const where = (r: { line: number; col: string; val: string }) => `line ${r.line}, column ${r.col}: ${r.val}`;
  if (it && en) {
    throw new UserError(
      `${ctx.file}: numbers are written both the Italian way (${where(it)}) and with a decimal point ` +
        `(${where(en)}), so neither reading is safe and nothing was loaded. Export the file again with one style ` +
        '(Italian: 1.234,5) and ingest it again.',
    );
  }
  if (!en) return italian;
  return {
    style: 'EN',
    slot: "'EN'",
    warnings: [
      {
        code: 'decimal_point',
        column: en.col,
        n: en.n,
        message:
          `numbers read with a decimal point (English style), as in ${where(en)}: ` +
          'a dot followed by exactly three digits (1.234) is rejected as ambiguous',
      },
    ],
  };
}
