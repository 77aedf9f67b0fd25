/**
 * Opens a local HTML file in headless Chromium with the network cut off, and
 * reports what the page tried to do: console errors, uncaught exceptions and
 * every request other than the page's own file:// URL (all such requests are
 * aborted, so nothing leaves the machine, but they are still recorded).
 *
 * Uses the system Chromium (Debian's /usr/bin/chromium, or $CHROMIUM_PATH);
 * playwright-core never downloads a browser.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Request } from 'playwright-core';

export const chromiumPath: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable: boolean = existsSync(chromiumPath);

/**
 * Whether the browser tests run: with a Chromium, or when CO_REQUIRE_BROWSER=1 (CI sets
 * it, so that a missing Chromium fails there instead of skipping). Without one they are
 * skipped, and `browserSkipNote` in their titles says how to run them.
 */
export const browserTestsRun: boolean = chromiumAvailable || process.env.CO_REQUIRE_BROWSER === '1';
export const browserSkipNote: string = browserTestsRun
  ? ''
  : ` (skipped: no Chromium at ${chromiumPath}; install Debian's chromium, apt-get install -y chromium, or set CHROMIUM_PATH)`;

export interface BrowserFindings {
  /** Text of console messages of type 'error' (includes Chromium's "Failed to load resource" for aborted requests). */
  consoleErrors: string[];
  /** Uncaught exceptions thrown in the page. */
  pageErrors: string[];
  /** URLs of every request (HTTP, file, WebSocket...) other than the page itself, in order; all were blocked. */
  requests: string[];
  title: string;
  /** document.body.innerText ('' when there is no body). */
  text: string;
}

export async function openOffline(htmlFile: string, screenshotFile: string): Promise<BrowserFindings> {
  const pageUrl = pathToFileURL(path.resolve(htmlFile)).href;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  const seen = new Set<Request>();
  const record = (req: Request): void => {
    if (seen.has(req) || req.url() === pageUrl) return;
    seen.add(req);
    requests.push(req.url());
  };

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox', // containers/CI run as root without user namespaces
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-domain-reliability',
      '--no-first-run',
      '--no-pings',
      // Belt and braces: no host name resolves, so even an unrouted request cannot go out.
      '--host-resolver-rules=MAP * ~NOTFOUND',
    ],
  });
  try {
    const context = await browser.newContext({
      javaScriptEnabled: true,
      serviceWorkers: 'block',
      viewport: { width: 1280, height: 900 },
    });
    // Abort everything but the page itself; record it on the way.
    await context.route('**/*', async (route) => {
      const req = route.request();
      if (req.url() === pageUrl) return route.continue();
      record(req);
      return route.abort('blockedbyclient');
    });
    await context.routeWebSocket(/.*/, (ws) => {
      requests.push(ws.url());
      ws.close(); // never connectToServer(): the socket is mocked and closed
    });

    const page = await context.newPage();
    page.on('request', record);
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));

    await page.goto(pageUrl, { waitUntil: 'load', timeout: 30_000 });
    // Let late scripts (timers, lazy loads) fire; requests are aborted, so this settles fast.
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);

    mkdirSync(path.dirname(path.resolve(screenshotFile)), { recursive: true });
    await page.screenshot({ path: screenshotFile, fullPage: true });
    const title = await page.title();
    // A string expression, so this file type-checks whether or not tsconfig's lib includes DOM.
    const text = String(await page.evaluate('document.body ? document.body.innerText : ""'));
    return { consoleErrors, pageErrors, requests, title, text };
  } finally {
    await browser.close();
  }
}
