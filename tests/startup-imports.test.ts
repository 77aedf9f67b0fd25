import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../src/runtime/paths.js';

// A module hook that prints, on stderr, the package of every module the program resolves.
const hook =
  'export async function resolve(specifier, context, next) {' +
  ' const resolved = await next(specifier, context);' +
  ' const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(resolved.url);' +
  " if (m) process.stderr.write('package ' + m[1] + '\\n');" +
  ' return resolved; }';
const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;

/** The packages the built program loads to run `args`. */
function packagesLoaded(args: string[]): Set<string> {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(register)}`,
      path.join(projectRoot, 'bin', 'co-pipeline.js'),
      ...args,
    ],
    { encoding: 'utf8' },
  );
  expect(run.status).toBe(0);
  return new Set([...run.stderr.matchAll(/^package (.+)$/gm)].map((m) => m[1]!));
}

// Every command starts by loading the program; the libraries that only draw a report's
// charts or write its workbook and Arrow files (about 0.6 s together) load when a report needs them.
it('loads the report libraries only when a report is written, not at start-up', () => {
  const loaded = packagesLoaded(['--version']);
  expect(loaded).toContain('@duckdb/node-api'); // the hook sees what the program loads
  for (const library of ['vega', 'vega-lite', 'exceljs', 'apache-arrow']) expect(loaded).not.toContain(library);
});
