import type { Database } from './Database.js';
import { readScript, runScript } from './runScript.js';

const sql = readScript(new URL('./monthly_volume.sql', import.meta.url));

/**
 * Defines mesi_invio (monthly_volume.sql) on the connection: the communications by
 * month of data_invio and which months hold them in normal volume. The ingest's
 * warning of communications dated after the extract's period and the report's
 * coverage of a semester both read it, so the threshold is written once.
 */
export const loadMonthlyVolume = (db: Database) => runScript(db, sql);
