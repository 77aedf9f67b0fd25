import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

describe('cli contract', () => {
  it('prints help with the commands and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['ingest', 'rejects', 'status', 'generate']) expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('--db');
  });

  it.each([
    [['--no-such-option']],
    [['ingest', 'co']],
    [['rejects']],
    [['generate', '--workers', '10', '--from', '2024-13', '--to', '2024-12', '--out', 'x']],
    [['generate', '--workers', '-1', '--from', '2024-01', '--to', '2024-12', '--out', 'x']],
    [['generate', '--workers', '10', '--from', '2024-06', '--to', '2024-01', '--out', 'x']],
    [['flags', '--as-of', '2025-02-31', '--out', 'x']],
    [['crisis-basins', '--as-of', '2025-02-31', '--out', 'x']],
    [['run', '--inbox', '.', '--out', 'x', '--as-of', '2025-02-31']],
  ])('exits 2 on a usage error: %j', async (args) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toBe('');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace for a usage error
  });

  it('exits 2 (a path the user mistyped) with the file named when a file cannot be read', async () => {
    const dir = tempDir();
    const run = await runCli(['--db', path.join(dir, 'co.duckdb'), 'ingest', 'co', path.join(dir, 'missing.csv')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('missing.csv');
    expect(run.stdout).toContain('not found');
  });

  it('reports status of an empty database, and creates none where there is none', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    const missing = await runCli(['--db', db, 'status']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`there is no database at ${db}`);
    expect(existsSync(db)).toBe(false);
    // ingest creates the database (here with a file it cannot read: nothing loaded)
    await runCli(['--db', db, 'ingest', 'co', path.join(dir, 'missing.csv')]);
    const run = await runCli(['--db', db, 'status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('communications: 0');
  });
});
