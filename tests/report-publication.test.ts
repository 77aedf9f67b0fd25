import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCompleteOutput, OUTPUT_MARKER } from '../src/output/outputFolder.js';
import { browserSkipNote, browserTestsRun } from './browserCheck.js';
import { readText, runCli, writeFile, type CliRun } from './helpers.js';
import { headingsLastOnPage, isA4, readPdfPages, type PdfPages } from './pdfPages.js';
import { comm, scenarioDb, worker } from './scenarios.js';

/**
 * The report as a publication: report.pdf beside report.html, printed when there is
 * a Chromium, listed in the folder's marker, said in the result JSON; without Chromium
 * (or with --no-pdf) the folder is complete without it and one log line says why and
 * how to get one. The author line from --author or the config file. The methodological
 * note with the report's threshold and the period of the data.
 */

/** A hire in each month of 2025-H1, each its own worker: the data cover the semester. */
const rows = ['01', '02', '03', '04', '05', '06'].map((m) =>
  comm(worker(`W${m}`), { data_inizio: `2025-${m}-10`, data_fine: `2025-${m}-28` }),
);

interface Written {
  run: CliRun;
  result: Record<string, unknown>;
  files: string[];
  complete: boolean;
  md: string;
  /** The first bytes of report.pdf, and its pages. */
  pdfHead?: string;
  pdf?: PdfPages;
}

describe('report semiannual: report.pdf, the author line, the methodological note', () => {
  const written: Record<string, Written> = {};
  let summary: string;
  let dir: string;
  // every report is written before the tests read them: the helpers' folders go after each test
  beforeAll(async () => {
    const scenario = await scenarioDb(rows);
    dir = scenario.dir;
    const report = async (name: string, extra: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) => {
      const out = path.join(dir, name);
      const run = await runCli(
        [
          '--db',
          scenario.db,
          '--json',
          'report',
          'semiannual',
          '--semester',
          '2025-H1',
          '--date',
          '2026-11-23',
          ...extra,
          '--out',
          out,
        ],
        env,
        cwd ? { cwd } : {},
      );
      const marker = existsSync(path.join(out, OUTPUT_MARKER))
        ? (JSON.parse(readText(path.join(out, OUTPUT_MARKER))) as { files: { path: string }[] })
        : { files: [] };
      written[name] = {
        run,
        result: run.stdout ? (JSON.parse(run.stdout) as Record<string, unknown>) : {},
        files: marker.files.map((f) => f.path),
        complete: isCompleteOutput(out),
        md: existsSync(path.join(out, 'report.md')) ? readText(path.join(out, 'report.md')) : '',
        ...(existsSync(path.join(out, 'report.pdf'))
          ? {
              pdfHead: readFileSync(path.join(out, 'report.pdf')).subarray(0, 5).toString(),
              pdf: readPdfPages(path.join(out, 'report.pdf')),
            }
          : {}),
      };
    };
    await report('plain', []);
    await report('no-pdf', ['--no-pdf', '--author', 'Osservatorio regionale del mercato del lavoro']);
    await report('no-chromium', [], { CHROMIUM_PATH: path.join(dir, 'nonexistent', 'chromium') });
    // an executable that is not a browser: it exits at once
    await report('broken-chromium', [], { CHROMIUM_PATH: '/bin/false' });
    writeFile(dir, 'settings/co-pipeline.config.json', JSON.stringify({ author: 'Dal file di configurazione' }));
    await report('config', ['--no-pdf'], {}, path.join(dir, 'settings'));
    await report(
      'config-overridden',
      ['--no-pdf', '--author', 'Dalla riga di comando'],
      {},
      path.join(dir, 'settings'),
    );
    // the crisis summary takes the author line too
    const basins = path.join(dir, 'basins');
    const crisis = await runCli(
      [
        '--db',
        scenario.db,
        'crisis-basins',
        '--as-of',
        '2025-06-30',
        '--author',
        'Osservatorio regionale',
        '--out',
        basins,
      ],
      {},
    );
    expect(crisis.code).toBe(0);
    summary = readText(path.join(basins, 'riepilogo.md'));
  }, 120_000);

  it.runIf(browserTestsRun)(
    `with Chromium: report.pdf in the folder, in its marker and in the JSON; A4, no heading alone at a page's foot${browserSkipNote}`,
    () => {
      const w = written.plain!;
      expect(w.run.code).toBe(0);
      expect(w.result.pdf).toBe(path.join(dir, 'plain', 'report.pdf'));
      expect(w.files).toContain('report.pdf');
      expect(w.complete).toBe(true);
      expect(w.pdfHead).toBe('%PDF-');
      expect(w.pdf!.sizes.length).toBeGreaterThan(1);
      expect(w.pdf!.sizes.filter((size) => !isA4(size))).toEqual([]);
      expect(headingsLastOnPage(w.pdf!)).toEqual([]);
    },
  );

  it('--no-pdf: no report.pdf, the JSON says so (pdf: null), the folder complete without it, no log line about it', () => {
    const w = written['no-pdf']!;
    expect(w.run.code).toBe(0);
    expect(w.result.pdf).toBeNull();
    expect(w.files).not.toContain('report.pdf');
    expect(w.files).toContain('report.html');
    expect(w.complete).toBe(true);
    expect(w.run.logs.filter((l) => Number(l.level) >= 30 && String(l.msg).includes('report.pdf'))).toEqual([]);
  });

  it('without Chromium: no report.pdf, one info line saying so and how to get one; the folder complete without it', () => {
    const w = written['no-chromium']!;
    const chromium = path.join(dir, 'nonexistent', 'chromium');
    expect(w.run.code).toBe(0);
    expect(w.run.stderr).toBe('');
    expect(w.result.pdf).toBeNull();
    expect(w.files).not.toContain('report.pdf');
    expect(w.files).toEqual(expect.arrayContaining(['report.html', 'report.md', 'tables/datapackage.json']));
    expect(w.complete).toBe(true);
    const said = w.run.logs.filter((l) => String(l.msg).includes('report.pdf'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 30, chromium });
    expect(said[0]!.msg).toBe(
      `report.pdf not written: no Chromium at ${chromium}; install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable`,
    );
  });

  it('a Chromium that does not start: a warning with its message, no report.pdf, the folder complete without it', () => {
    const w = written['broken-chromium']!;
    expect(w.run.code).toBe(0);
    expect(w.result.pdf).toBeNull();
    expect(w.files).not.toContain('report.pdf');
    expect(w.complete).toBe(true);
    const said = w.run.logs.filter((l) => String(l.msg).includes('report.pdf'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 40, chromium: '/bin/false' });
    expect(String(said[0]!.msg)).toMatch(/^report\.pdf not written: Chromium at \/bin\/false did not start: /);
  });

  it('--author: the line under the title; from the config file too, the command line first; none by default', () => {
    expect(written['no-pdf']!.md).toMatch(
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
