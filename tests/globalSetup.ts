import { browserSkipNote, browserTestsRun } from './browserCheck.js';

/** One line, once per run, when the browser tests are skipped (tests/browserCheck.ts). */
export default function setup(): void {
  if (!browserTestsRun)
    process.stderr.write(`Browser tests${browserSkipNote}; CI sets CO_REQUIRE_BROWSER=1 and runs them.\n`);
}
