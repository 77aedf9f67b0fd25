import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environment, environmentVariables } from '../src/runtime/environment.js';
import { projectRoot } from '../src/runtime/paths.js';

const src = path.join(projectRoot, 'src');
const sources = (readdirSync(src, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(path.join(src, f), 'utf8') }));

/** The rows of the README's table under "Environment variables": name and description. */
function readmeTable(): Record<string, string> {
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Environment variables'));
  const start = section.indexOf('\n| variable |');
  const table = section
    .slice(start, section.indexOf('\n\n', start))
    .split('\n')
    .filter((l) => /^\| `/.test(l));
  return Object.fromEntries(table.map((l) => /^\| `([A-Z_]+)` \| (.*) \|$/.exec(l)!.slice(1, 3) as [string, string]));
}

describe('the environment variables: read in one place, all listed', () => {
  it('are read through environment() only: no process.env, env.X or env[...] elsewhere in src/, nor commander .env()', () => {
    const reads = sources.flatMap(({ file, text }) => {
      const found: string[] = [];
      if (path.basename(file) !== 'environment.ts') {
        for (const m of text.matchAll(/\benv(?:\.[A-Za-z_]\w*|\[)|\.env\(/g)) found.push(`${file}: ${m[0]}`);
      }
      // main takes the process's environment once, as the default of deps.env
      const processEnv = [...text.matchAll(/process\.env\b/g)].length;
      if (processEnv > (file === 'cli.ts' ? 1 : 0)) found.push(`${file}: process.env ×${processEnv}`);
      return found;
    });
    expect(reads).toEqual([]);
  });

  it('names in src/ only variables the list has', () => {
    const named = new Set(sources.flatMap(({ text }) => [...text.matchAll(/\bCO_[A-Z_]+\b/g)].map((m) => m[0])));
    expect([...named].filter((n) => !(n in environmentVariables))).toEqual([]);
  });

  it("are the README's table, name and description", () => {
    expect(readmeTable()).toEqual(environmentVariables);
  });

  it('counts an empty value as unset and leaves out variables it does not list', () => {
    expect(environment({ CO_DB: '', CO_MEMORY_LIMIT: '4GB', HOME: '/root', CO_OTHER: 'x' })).toEqual({
      CO_MEMORY_LIMIT: '4GB',
    });
  });
});
