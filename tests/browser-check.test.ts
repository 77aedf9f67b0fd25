/**
 * Proves the offline browser harness catches what the report test relies on it
 * to catch: console errors, uncaught exceptions and outbound requests.
 * Needs a real Chromium: on a machine without one these tests are skipped, saying
 * so in their titles, unless CO_REQUIRE_BROWSER=1 (CI), where they fail.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserSkipNote, browserTestsRun, chromiumAvailable, chromiumPath, openOffline } from './browserCheck.js';

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
