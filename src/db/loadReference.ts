import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../runtime/errors.js';
import { referenceDir } from '../runtime/paths.js';
import type { Database } from './Database.js';
import { referenceTables, type ReferenceTable } from './referenceTables.js';

/**
 * Validates a user's reference file: its header has the table's columns (a file with the
 * header only has no row to tell a missing or misspelt column), then every row against
 * the zod schema; errors name file, line and column.
 */
function validateFile(table: ReferenceTable, file: string): void {
  const text = readFileSync(file);
  const [header = []] = parse(text, { bom: true, skip_empty_lines: true, to_line: 1 }) as string[][];
  const expected = Object.keys(table.schema.shape);
  const missing = expected.find((c) => !header.includes(c));
  const unknown = header.find((c) => !expected.includes(c));
  if (missing !== undefined || unknown !== undefined) {
    throw new UserError(
      `Reference table ${file}, line 1, column ${missing ?? unknown}: ${missing !== undefined ? 'missing from the header' : 'not a column of this table'}. ` +
        `The header is ${expected.join(',')} (see reference/SOURCES.md).`,
    );
  }
  const rows = parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  rows.forEach((row, i) => {
    const result = table.schema.safeParse(row);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new UserError(
        `Reference table ${file}, line ${i + 2}, column ${issue?.path.join('.') ?? '?'}: ${issue?.message}. ` +
          'Fix the file (see reference/SOURCES.md for its layout).',
      );
    }
  });
}

/**
 * Refuses a mapping of municipalities to areas (aree_comuni.csv) with a municipality
 * twice, or one not in the ISTAT list (ref_comuni), or given another province than the list's:
 * the tables by area add up to the province's, so a municipality in the wrong province
 * would count its events in an area of another province.
 */
async function checkAreaProvinces(db: Database, file: string): Promise<void> {
  const wrong = await db.one<{ codice_istat: string; provincia: string; attesa: string | null }>(
    `SELECT a.codice_istat, a.provincia, c.provincia AS attesa
     FROM ref_aree_comuni a LEFT JOIN (SELECT DISTINCT codice_istat, provincia FROM ref_comuni) c USING (codice_istat)
     WHERE c.provincia IS DISTINCT FROM a.provincia
     ORDER BY a.codice_istat LIMIT 1`,
  );
  const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const twice = rows.findIndex((r, i) => rows.findIndex((o) => o.codice_istat === r.codice_istat) < i);
  if (twice >= 0)
    throw new UserError(
      `Reference table ${file}, line ${twice + 2}, column codice_istat: municipality ${rows[twice]!.codice_istat} is mapped twice. ` +
        'Give each municipality one row (one CPI, one ambito).',
    );
  if (!wrong) return;
  const line = rows.findIndex((r) => r.codice_istat === wrong.codice_istat) + 2;
  throw new UserError(
    wrong.attesa === null
      ? `Reference table ${file}, line ${line}, column codice_istat: ${wrong.codice_istat} is not a municipality of the ISTAT list (reference/comuni.csv). Give the municipality's 6-digit ISTAT code.`
      : `Reference table ${file}, line ${line}, column provincia: municipality ${wrong.codice_istat} is in ${wrong.attesa} by the ISTAT list (reference/comuni.csv), not ${wrong.provincia}. Fix the province (or the code).`,
  );
}

/**
 * Loads the shipped reference tables into ref_<name>, with rows of a user's
 * extension directory (--reference-dir, env CO_REFERENCE_DIR) replacing shipped
 * rows of the same key and adding new ones. Reloaded only when a file changed.
 */
export async function loadReference(db: Database, userDir?: string): Promise<void> {
  const files = referenceTables.map((table) => {
    const shipped = path.join(referenceDir, `${table.name}.csv`);
    const user = userDir ? path.join(userDir, `${table.name}.csv`) : undefined;
    return { table, shipped, user: user && existsSync(user) ? user : undefined };
  });
  const fingerprint = createHash('sha256');
  for (const f of files) {
    fingerprint.update(readFileSync(f.shipped));
    if (f.user) fingerprint.update(f.user).update(readFileSync(f.user));
  }
  const digest = fingerprint.digest('hex');
  const current = await db.one<{ value: string }>("SELECT value FROM meta WHERE key = 'reference_fingerprint'");
  if (current?.value === digest) return;

  await db.transaction(async () => {
    for (const { table, shipped, user } of files) {
      const read = `read_csv($file, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
      await db.run(
        `CREATE OR REPLACE TABLE "ref_${table.name}" AS SELECT * FROM ${read.replace('$file', '$shipped')}`,
        { shipped },
      );
      if (user) {
        validateFile(table, user);
        await db.run(
          `DELETE FROM "ref_${table.name}" WHERE "${table.key}" IN (SELECT "${table.key}" FROM ${read.replace('$file', '$user')})`,
          { user },
        );
        await db.run(`INSERT INTO "ref_${table.name}" BY NAME SELECT * FROM ${read.replace('$file', '$user')}`, {
          user,
        });
      }
    }
    const areas = files.find((f) => f.table.name === 'aree_comuni')?.user;
    if (areas) await checkAreaProvinces(db, areas);
    await db.run("INSERT OR REPLACE INTO meta VALUES ('reference_fingerprint', $digest)", { digest });
  });
}
