/**
 * Proves the offline browser harness catches what the report test relies on it
 * to catch: console errors, uncaught exceptions and outbound requests. Then the
 * report printed to PDF as report.pdf is (printPdf, renderHtml's print styles): A4
 * pages, and no heading or table title left alone at the foot of a page.
 * Needs a real Chromium: on a machine without one these tests are skipped, saying
 * so in their titles, unless CO_REQUIRE_BROWSER=1 (CI), where they fail.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { printPdf } from '../src/output/printPdf.js';
import { barChart } from '../src/reports/page/barChart.js';
import { renderChart } from '../src/reports/page/renderChart.js';
import { renderHtml } from '../src/reports/page/renderHtml.js';
import { SUPPRESSED, type ReportPage, type ReportSection } from '../src/reports/page/reportModel.js';
import { browserSkipNote, browserTestsRun, chromiumAvailable, chromiumPath, openOffline } from './browserCheck.js';
import { headingsLastOnPage, isA4, readPdfPages } from './pdfPages.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TIMEOUT = 60_000;

const dir = mkdtempSync(path.join(tmpdir(), 'co-browser-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function requireChromium(): void {
  expect(
    chromiumAvailable,
    `no Chromium at ${chromiumPath}: install Debian chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
  ).toBe(true);
}

/** Writes `name`.html into the temp dir and opens it; returns the findings and the screenshot path. */
async function open(name: string, html: string) {
  requireChromium();
  const htmlFile = path.join(dir, `${name}.html`);
  const screenshot = path.join(dir, `${name}.png`);
  writeFileSync(htmlFile, html);
  return { ...(await openOffline(htmlFile, screenshot)), screenshot };
}

describe.runIf(browserTestsRun)(`offline browser check${browserSkipNote}`, () => {
  it('has Chromium to run with', () => {
    requireChromium();
  });

  it(
    'passes a clean self-contained page and screenshots it',
    async () => {
      const result = await open(
        'clean',
        `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clean page</title>
<style>body { font-family: sans-serif; margin: 2rem; }</style></head>
<body>
  <h1>Self-contained</h1>
  <svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" role="img" aria-label="bars">
    <rect x="10" y="40" width="50" height="70" fill="#4c78a8"/>
    <rect x="80" y="20" width="50" height="90" fill="#f58518"/>
    <rect x="150" y="60" width="50" height="50" fill="#54a24b"/>
  </svg>
  <p>All inline.</p>
  <script>document.querySelector('p').textContent += ' Script ran.';</script>
</body></html>`,
      );
      expect(result.consoleErrors).toEqual([]);
      expect(result.pageErrors).toEqual([]);
      expect(result.requests).toEqual([]);
      expect(result.title).toBe('Clean page');
      expect(result.text).toContain('Self-contained');
      expect(result.text).toContain('All inline. Script ran.'); // JavaScript is on
      const png = readFileSync(result.screenshot);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(statSync(result.screenshot).size).toBeGreaterThan(2_000);
    },
    TIMEOUT,
  );

  it(
    'records (and blocks) external resources',
    async () => {
      const result = await open(
        'external',
        `<!doctype html>
<html><head><title>External</title></head>
<body>
  <img src="https://example.com/x.png" alt="remote">
  <script src="https://cdn.example.com/a.js"></script>
</body></html>`,
      );
      expect(result.requests).toContain('https://example.com/x.png');
      expect(result.requests).toContain('https://cdn.example.com/a.js');
      expect(result.pageErrors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'records console errors and uncaught exceptions',
    async () => {
      const result = await open(
        'errors',
        `<!doctype html>
<html><head><title>Errors</title></head>
<body><p>Broken</p>
<script>console.error('boom'); undefinedFunction()</script>
</body></html>`,
      );
      expect(result.consoleErrors).toContain('boom');
      expect(result.pageErrors).not.toEqual([]);
      expect(result.pageErrors.join('\n')).toContain('undefinedFunction');
      expect(result.requests).toEqual([]);
    },
    TIMEOUT,
  );
});

/** Prints an HTML page to PDF as report.pdf is printed, and reads its pages back. */
async function printed(name: string, html: string) {
  requireChromium();
  const htmlFile = path.join(dir, `${name}.html`);
  const pdfFile = path.join(dir, `${name}.pdf`);
  writeFileSync(htmlFile, html);
  writeFileSync(pdfFile, await printPdf(htmlFile, chromiumPath));
  return readPdfPages(pdfFile);
}

/**
 * A page with a heading just above the foot of the first page and, after it, a block
 * that must not be split and does not fit below it: where the heading goes is up to
 * the heading's own rule. The A4 page's content is 259 mm high (297 less the margins
 * of 18 and 20 mm): the spacer leaves the heading room, not its block.
 */
const headingAtFoot = (rule: string) => `<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>t</title>
<style>@page { size: A4; margin: 18mm 16mm 20mm; } body { margin: 0; font: 10pt sans-serif; } ${rule}
.spacer { height: 230mm; } .block { height: 120mm; break-inside: avoid; border: 1px solid #000; }</style></head>
<body><p>Prima pagina.</p><div class="spacer"></div><h2>Un titolo</h2><div class="block"><p>Il blocco che il titolo introduce.</p></div></body></html>`;

/**
 * A long page of the report's own markup (renderHtml): sections of every length, some
 * opening straight on a table or a chart, tables short and long (over 25 rows), so that
 * headings and table titles fall at every height of a page.
 */
async function stressPage(): Promise<string> {
  const words = 'attivazioni cessazioni rapporti lavoratori provincia semestre saldo contratto'.split(' ');
  const text = (n: number) => Array.from({ length: n }, (_, i) => words[(i * 7 + n) % words.length]).join(' ');
  const sections: ReportSection[] = Array.from({ length: 40 }, (_, i) => ({
    id: `s${i}`,
    title: `Sezione ${i + 1}: ${text(3 + (i % 4))}`,
    paragraphs: Array.from({ length: i % 3 === 0 ? 0 : i % 4 }, (_, j) => `${text(20 + ((i * 31 + j * 17) % 120))}.`),
    tables: Array.from({ length: 1 + (i % 2) }, (_, t) => ({
      title: `Tavola ${i + 1}.${t + 1}: ${text(5)}`,
      source: 'Fonte: prova',
      columns: [
        { label: 'Provincia', kind: 'text' as const },
        { label: 'Attivazioni (rapporti)', kind: 'count' as const },
        { label: 'Cessazioni (rapporti)', kind: 'count' as const },
      ],
      rows: Array.from({ length: 1 + ((i * 7 + t * 11) % 37) }, (_, r) => [
        `Riga ${r + 1}`,
        r * 13,
        r % 5 ? r : SUPPRESSED,
      ]),
      suppressed: 0,
      ...(i % 5 === 1 ? { note: text(25) } : {}),
    })),
    charts:
      i % 6 === 2
        ? [
            barChart({
              id: `g${i}`,
              title: `Grafico ${i + 1}`,
              description: 'Grafico di prova.',
              orientation: 'horizontal',
              bars: Array.from({ length: 6 + (i % 9) }, (_, b) => ({
                category: `Riga ${b + 1}`,
                value: b % 4 ? b * 3 : SUPPRESSED,
              })),
            })!,
          ]
        : [],
  }));
  const charts = new Map<string, string>();
  for (const c of sections.flatMap((s) => s.charts)) charts.set(c.id, await renderChart(c));
  const page: ReportPage = {
    title: 'Il lavoro dei cittadini non UE in Lombardia: prova di stampa',
    subtitle: 'Tutte le forme di sezione, per la stampa.',
    author: 'Osservatorio regionale del mercato del lavoro',
    headline: [{ label: 'Attivazioni', value: 1234, kind: 'count' }],
    sections,
    generated: '2026-01-01',
  };
  return renderHtml(page, charts);
}

/** The print rule that keeps headings with what follows them, as renderHtml writes it. */
const KEEP_WITH_NEXT = 'h1, h2, h3, caption, figcaption, .author, .subtitle { break-after: avoid; }';

describe.runIf(browserTestsRun)(`report.pdf: A4, no heading alone at the foot of a page${browserSkipNote}`, () => {
  // How a heading left alone is found: the PDF is tagged, so each piece of text on a
  // page belongs to the element it was printed from (H1, H2, Caption, P, TD...), in the
  // page's reading order; a page whose last text is a heading or a caption ends on a
  // title whose content is on the next page (pdfPages.ts). Read from the PDF Chromium
  // wrote, page breaks and all, not from a layout of the HTML worked out apart.
  it(
    'finds a heading left at the foot of a page, and the rule that keeps it with its block moves it',
    async () => {
      const loose = await printed('heading-loose', headingAtFoot(''));
      expect(loose.sizes).toHaveLength(2);
      expect(headingsLastOnPage(loose)).toEqual([{ page: 1, path: expect.arrayContaining(['H2']) }]);
      const kept = await printed('heading-kept', headingAtFoot('h2 { break-after: avoid; }'));
      expect(kept.sizes).toHaveLength(2);
      expect(headingsLastOnPage(kept)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'prints the report page on A4 pages, none ending on a heading or a table title',
    async () => {
      const html = await stressPage();
      const pdf = await printed('stress', html);
      expect(pdf.sizes.length).toBeGreaterThan(20);
      expect(pdf.sizes.filter((size) => !isA4(size))).toEqual([]);
      // the headings are there to be found, on many pages
      expect(new Set(pdf.content.filter((c) => c.path.includes('H2')).map((c) => c.page)).size).toBeGreaterThan(10);
      expect(headingsLastOnPage(pdf)).toEqual([]);
      // and the same page without its rule does leave some: the page tests the rule
      expect(html).toContain(KEEP_WITH_NEXT);
      const loose = await printed('stress-loose', html.replace(KEEP_WITH_NEXT, ''));
      expect(headingsLastOnPage(loose).length).toBeGreaterThan(0);
    },
    TIMEOUT * 2,
  );
});
