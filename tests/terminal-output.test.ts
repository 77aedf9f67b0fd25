import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/openDatabase.js';
import { generateCo } from '../src/generate/generateCo.js';
import { withProgress, type Progress } from '../src/runtime/progress.js';
import { projectRoot } from '../src/runtime/paths.js';
import { runCli, TEST_KEY, tempDir } from './helpers.js';

const env = { CO_PSEUDONYM_KEY: TEST_KEY };

describe('progress and quiet output', () => {
  it("withProgress draws DuckDB's own progress of a statement (it stays at -1 unless switched on)", async () => {
    const db = await openDatabase(':memory:');
    try {
      await db.run('CREATE TABLE src AS SELECT i, hash(i) AS h FROM range(8000000) r(i)');
      const seen: number[] = [];
      let ended = false;
      const progress: Progress = { update: (f) => seen.push(f), done: () => (ended = true) };
      await withProgress(db, progress, () => db.run('CREATE TABLE sorted AS SELECT * FROM src ORDER BY h'));
      expect(ended).toBe(true);
      // a fraction between 0 and 1 was drawn while the statement ran, not only -1 or nothing
      expect(seen.some((f) => f > 0 && f <= 1)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('report logs a few info lines, not one per table or per model check, and its summary comes last', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const { files } = generateCo({
      workers: 150,
      from: '2025-01',
      to: '2025-06',
      seed: 'quiet',
      out: path.join(dir, 'gen'),
      identifiers: 'cf',
    });
    expect((await runCli(['--db', db, 'ingest', 'co', ...files], env)).code).toBe(0);
    const report = await runCli(
      ['--db', db, 'report', 'semiannual', '--semester', '2025-H1', '--out', path.join(dir, 'r')],
      env,
    );
    expect(report.code).toBe(0);
    const info = report.logs.filter((l) => (l.level as number) >= 30);
    expect(info.map((l) => l.msg)).not.toContain('models up to date: no data loaded since the last build');
    expect(info.length).toBeLessThanOrEqual(6);
    expect(report.stdout.trim().split('\n')).toHaveLength(1);
    expect(report.stdout).toMatch(/^Semi-annual report 2025-H1/);
  }, 120_000);

  it('--log-format pretty writes one line per entry, --log-format json one JSON object per line', () => {
    const dir = tempDir();
    const cli = (format: string) =>
      spawnSync(
        process.execPath,
        [
          path.join(projectRoot, 'bin', 'co-pipeline.js'),
          '--db',
          path.join(dir, 'co.duckdb'),
          '--log-format',
          format,
          'ingest',
          'co',
          path.join(dir, 'missing.csv'),
        ],
        { encoding: 'utf8', env: { ...process.env, ...env } },
      );
    const pretty = cli('pretty');
    const lines = pretty.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    // every line is an entry (it starts with its time), none a field block under one
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a terminal colour code (ESC) may open the line
    for (const line of lines) expect(line).toMatch(/^(\u001b\[\d+m)?\[\d{2}:\d{2}:\d{2}/);
    const json = cli('json');
    for (const line of json.stderr.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });
});
