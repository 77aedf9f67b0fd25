import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readText, runCli } from './helpers.js';
import { comm, scenarioDb, worker } from './scenarios.js';

/**
 * The report as a publication: the methodological note with the report's threshold
 * and the period of the data.
 */

/** A hire in each month of 2025-H1, each its own worker: the data cover the semester. */
const rows = ['01', '02', '03', '04', '05', '06'].map((m) =>
  comm(worker(`W${m}`), { data_inizio: `2025-${m}-10`, data_fine: `2025-${m}-28` }),
);

describe('report semiannual: the methodological note', () => {
  const written: Record<string, { md: string }> = {};
  // the report is written before the tests read it: the helpers' folders go after each test
  beforeAll(async () => {
    const { dir, db } = await scenarioDb(rows);
    const out = path.join(dir, 'plain');
    const run = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--date', '2026-11-23', '--out', out],
      {},
    );
    expect(run.code).toBe(0);
    written.plain = { md: readText(path.join(out, 'report.md')) };
  }, 120_000);

  it('the Nota metodologica: the period of the CO sent, the other sources cited, coverage, the threshold; before the definitions', () => {
    const md = written.plain!.md;
    const note = md.slice(md.indexOf('## Nota metodologica'), md.indexOf('## Definizioni'));
    expect(md.indexOf('## Nota metodologica')).toBeGreaterThan(md.indexOf('## Qualità dei dati e riservatezza'));
    // the six hires were sent on their start days, 2025-01-10 to 2025-06-10
    expect(note).toContain('cessazioni dei rapporti di lavoro inviate dal 2025-01-10 al 2025-06-10, contate una volta');
    // the rates table cites "Comunicazioni Obbligatorie, Regione Lombardia, INPS e ISTAT"
    expect(note).toContain('Le tavole usano anche dati INPS e ISTAT.');
    expect(note).toContain('almeno la metà delle comunicazioni del mese mediano dei dati');
    // the default threshold, 5: counts 1 to 4 withheld
    expect(note).toContain('**Riservatezza statistica.** I conteggi da 1 a 4 non sono pubblicati (n.p., soglia 5);');
    expect(note).not.toContain('Per un rapporto provinciale');
  });
});
