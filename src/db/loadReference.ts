import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../runtime/errors.js';
import { referenceDir } from '../runtime/paths.js';
import type { Database } from './Database.js';
import { referenceTables, type ReferenceTable } from './referenceTables.js';

/** Validates every row of a reference file with its zod schema; errors name file, line and column. */
function validateFile(table: ReferenceTable, file: string): void {
  const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
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
    await db.run("INSERT OR REPLACE INTO meta VALUES ('reference_fingerprint', $digest)", { digest });
  });
}
