import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { environment } from '../runtime/environment.js';
import { createPrivateTempDir } from '../runtime/privateTempDir.js';

/** Debian's Chromium (apt-get install -y chromium), used when CHROMIUM_PATH is not set. */
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium a PDF is printed with: $CHROMIUM_PATH, else Debian's; whether it is there. */
export function findChromium(env: NodeJS.ProcessEnv): { path: string; found: boolean } {
  const executable = environment(env).CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  return { path: executable, found: existsSync(executable) };
}

/** How to get a PDF when there is no Chromium, for the log line that says none was written. */
export const chromiumHint =
  "install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable";

/** Chromium failed to start or to print: the caller writes the rest without the PDF. */
export class PdfPrintError extends Error {}

/**
 * Prints a written HTML file to PDF (A4, the page's own print styles) with headless
 * Chromium driven by playwright-core, which never downloads a browser: the one given.
 * The network is cut off: the browser context is offline, every request but the page's
 * own file is aborted, no host name resolves, and scripts are off (the page has none),
 * so printing reads nothing but the file. The PDF is tagged (headings, tables and
 * figures in reading order, for screen readers) with bookmarks from the headings, and
 * a page number in the foot of each page. Returns the PDF's bytes; the caller writes them.
 */
export async function printPdf(htmlFile: string, chromium: string): Promise<Uint8Array> {
  const pageUrl = pathToFileURL(path.resolve(htmlFile)).href;
  const { chromium: launcher } = await import('playwright-core');
  // Chromium's profile in a private folder named after this process: removed below, or,
  // after a kill, by the next command (removeStaleTempDirs)
  const profile = createPrivateTempDir();
  let context: Awaited<ReturnType<typeof launcher.launchPersistentContext>>;
  try {
    context = await launcher.launchPersistentContext(profile, {
      executablePath: chromium,
      headless: true,
      timeout: 60_000,
      args: [
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-domain-reliability',
        '--no-first-run',
        '--no-pings',
        '--host-resolver-rules=MAP * ~NOTFOUND',
      ],
      javaScriptEnabled: false,
      offline: true,
      serviceWorkers: 'block',
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw new PdfPrintError(`Chromium at ${chromium} did not start: ${firstLine(error)}`);
  }
  try {
    await context.route('**/*', (route) =>
      route.request().url() === pageUrl ? route.continue() : route.abort('blockedbyclient'),
    );
    await context.routeWebSocket(/.*/, (ws) => ws.close());
    const page = await context.newPage();
    await page.goto(pageUrl, { waitUntil: 'load', timeout: 60_000 });
    return await page.pdf({
      format: 'A4',
      preferCSSPageSize: true,
      printBackground: true,
      tagged: true,
      outline: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="width: 100%; font: 8pt system-ui, sans-serif; color: #333; text-align: center;">' +
        'pagina <span class="pageNumber"></span> di <span class="totalPages"></span></div>',
    });
  } catch (error) {
    throw new PdfPrintError(`Chromium at ${chromium} could not print ${htmlFile}: ${firstLine(error)}`);
  } finally {
    // a browser that died while printing has nothing left to close
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Playwright's messages carry a call log after the first line: the first says what failed. */
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];
