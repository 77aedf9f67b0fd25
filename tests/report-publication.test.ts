import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readText, runCli, writeFile, type CliRun } from './helpers.js';
import { comm, scenarioDb, worker } from './scenarios.js';

/**
 * The report as a publication: the author line from --author or the config file; the
 * methodological note with the report's threshold and the period of the data.
 */

/** A hire in each month of 2025-H1, each its own worker: the data cover the semester. */
const rows = ['01', '02', '03', '04', '05', '06'].map((m) =>
  comm(worker(`W${m}`), { data_inizio: `2025-${m}-10`, data_fine: `2025-${m}-28` }),
);

describe('report semiannual: the author line, the methodological note', () => {
  const written: Record<string, { run: CliRun; md: string }> = {};
  let summary: string;
  // every report is written before the tests read them: the helpers' folders go after each test
  beforeAll(async () => {
    const { dir, db } = await scenarioDb(rows);
    const report = async (name: string, extra: string[], cwd?: string) => {
      const out = path.join(dir, name);
      const run = await runCli(
        ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--date', '2026-11-23', ...extra, '--out', out],
        {},
        cwd ? { cwd } : {},
      );
      written[name] = { run, md: run.code === 0 ? readText(path.join(out, 'report.md')) : '' };
    };
    await report('plain', []);
    await report('author', ['--author', 'Osservatorio regionale del mercato del lavoro']);
    writeFile(dir, 'settings/co-pipeline.config.json', JSON.stringify({ author: 'Dal file di configurazione' }));
    await report('config', [], path.join(dir, 'settings'));
    await report('config-overridden', ['--author', 'Dalla riga di comando'], path.join(dir, 'settings'));
    // the crisis summary takes the author line too
    const basins = path.join(dir, 'basins');
    const crisis = await runCli(
      ['--db', db, 'crisis-basins', '--as-of', '2025-06-30', '--author', 'Osservatorio regionale', '--out', basins],
      {},
    );
    expect(crisis.code).toBe(0);
    summary = readText(path.join(basins, 'riepilogo.md'));
  }, 120_000);

  it('--author: the line under the title; from the config file too, the command line first; none by default', () => {
    expect(written.author!.md).toMatch(
      /^# Il lavoro dei cittadini non UE in Lombardia: 1° semestre 2025\n\n\*\*Osservatorio regionale del mercato del lavoro\*\*\n\nComunicazioni Obbligatorie/,
    );
    expect(written.config!.run.stderr).toBe('');
    expect(written.config!.md).toContain('\n\n**Dal file di configurazione**\n\n');
    expect(written['config-overridden']!.md).toContain('\n\n**Dalla riga di comando**\n\n');
    expect(written['config-overridden']!.md).not.toContain('Dal file di configurazione');
    expect(written.plain!.md).toMatch(/^# [^\n]+\n\nComunicazioni Obbligatorie/);
    expect(summary).toMatch(
      /^# Bacini di crisi al 2025-06-30\n\n\*\*Osservatorio regionale\*\*\n\nLavoratori non comunitari/,
    );
  });

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
