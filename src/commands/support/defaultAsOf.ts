import type { Database } from '../../db/Database.js';

/** The reference date when none is given: the latest data_invio loaded (undefined when nothing is). */
export async function defaultAsOf(db: Database): Promise<string | undefined> {
  const row = await db.one<{ d: string | null }>(
    "SELECT strftime(max(data_invio), '%Y-%m-%d') AS d FROM co_comunicazioni",
  );
  return row?.d ?? undefined;
}
