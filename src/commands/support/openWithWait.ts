import type { Database } from '../../db/Database.js';
import { UserError } from '../../runtime/errors.js';
import type { Logger } from '../../runtime/logger.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens the database with open (deps.openDb, so the command's settings apply),
 * waiting up to waitSeconds while another process holds it (DuckDB allows one
 * writer), then fails with a message saying who holds it.
 */
export async function openWithWait(
  open: () => Promise<Database>,
  dbPath: string,
  waitSeconds: number,
  logger: Logger,
): Promise<Database> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (error) {
      const held = error instanceof UserError && error.message.includes('in use by another process');
      if (!held || Date.now() >= deadline) {
        if (held) {
          throw new UserError(
            `${error instanceof Error ? error.message : error} Waited ${waitSeconds} s (--wait-seconds).`,
          );
        }
        throw error;
      }
      if (attempt === 1)
        logger.warn({ db: dbPath, wait_seconds: waitSeconds }, 'database held by another process: waiting');
      await sleep(1000);
    }
  }
}
