/**
 * The thresholds of the risk indicators (docs/risk-indicators.md), with their defaults:
 * the values the ORIM tables and the report use, and the defaults of `risk-employers`.
 * The names are the SQL parameters of indicatori_rischio.sql and datori_rischio.sql.
 */
export interface RiskOptions {
  /** A short rapporto lasts at most this many days (end - start + 1). */
  breve_giorni: number;
  /** A worker with at least this many short rapporti ended in the semester has "many". */
  molti_brevi: number;
  /** An agricultural fixed-term hire planned for at most this many days is seasonal (a seasonal permit lasts at most 9 months). */
  stagionale_giorni: number;
  /** A cessation within this many days of the start is a quick exit. */
  uscita_giorni: number;
  /** An employer unit's pattern needs at least this many events. */
  datore_min: number;
  /** ... and this share of its cessations (quick exits, rapporti of at most 3 days). */
  datore_quota: number;
  /** Many hires: at least this many times the rapporti active at the semester's start. */
  datore_rapporto: number;
  /** indicatori_rischio_cittadinanze: the non-EU countries with most workers, each in a row of its own (the others together). */
  paesi_principali: number;
}

export const riskDefaults: Readonly<RiskOptions> = {
  breve_giorni: 30,
  molti_brevi: 4,
  stagionale_giorni: 270,
  uscita_giorni: 7,
  datore_min: 5,
  datore_quota: 0.5,
  datore_rapporto: 2,
  paesi_principali: 10,
};
