import type { Database } from '../../db/Database.js';
import { UserError } from '../../runtime/errors.js';

/** Refuses a --province that is not in the reference tables (a usage error, exit 2); nothing when none is given. */
export async function checkProvince(db: Database, command: string, province: string | undefined): Promise<void> {
  if (province && !(await db.one('SELECT 1 AS ok FROM ref_province WHERE provincia = $p', { p: province }))) {
    throw new UserError(`${command}: unknown province ${province}. Use a 2-letter code such as MI, BG, BS.`, 2);
  }
}
