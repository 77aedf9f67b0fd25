import type { Database } from '../db/Database.js';
import { UserError } from '../runtime/errors.js';

const META_KEY = 'pseudonym_key_fingerprint';

/**
 * Refuses a pseudonym key other than the one the database's pseudonyms were made
 * with: under another key the same worker gets another pseudonym, so every worker
 * would look new and every repeat a conflicting one. The database keeps only the
 * key's fingerprint (PseudonymCache.fingerprint), never the key.
 */
export async function refuseOtherKey(db: Database, fingerprint: string): Promise<void> {
  const row = await db.one<{ value: string }>('SELECT value FROM meta WHERE key = $key', { key: META_KEY });
  if (row && row.value !== fingerprint) {
    throw new UserError(
      `The pseudonym key differs from the one the database ${db.path} was built with (key fingerprint ${fingerprint}, ` +
        `the database's ${row.value}): its pseudonyms would not match. Use the original key (--key-file or CO_PSEUDONYM_KEY), ` +
        'or start a new database with --db for a new key.',
      2,
    );
  }
}

/** Records the key's fingerprint when the first file pseudonymised with it loads (inside that file's transaction). */
export async function recordKeyFingerprint(db: Database, fingerprint: string): Promise<void> {
  await db.run('INSERT OR IGNORE INTO meta VALUES ($key, $value)', { key: META_KEY, value: fingerprint });
}
