import type { Database } from '../../db/Database.js';
import { UserError } from '../../runtime/errors.js';
import { defaultAsOf } from './defaultAsOf.js';

/**
 * The reference date of a command that needs communications: the one given, else
 * the latest data_invio loaded; with nothing loaded the command cannot work, and
 * says how to load some (exit 1).
 */
export async function asOfOrLatest(db: Database, command: string, given?: string): Promise<string> {
  const asOf = given ?? (await defaultAsOf(db));
  if (!asOf)
    throw new UserError(
      `${command}: no communications loaded yet. Load extracts with \`co-pipeline ingest co FILE...\` first.`,
    );
  return asOf;
}
