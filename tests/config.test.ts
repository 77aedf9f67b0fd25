import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { loadConfig } from '../src/config/loadConfig.js';
import { projectRoot } from '../src/runtime/paths.js';
import { coCsv, coRow, emptyDatabase, ingest, runCli, TEST_KEY, tempDir, watchOpens, writeFile } from './helpers.js';
import { comm, scenarioColumns, worker } from './scenarios.js';

const writeConfig = (dir: string, values: unknown, name = 'co-pipeline.config.json') =>
  writeFile(dir, name, typeof values === 'string' ? values : JSON.stringify(values));

describe('the config file', () => {
  it('gives the global options from co-pipeline.config.json in the current folder, paths read from its folder', async () => {
    const dir = tempDir();
    writeConfig(dir, { db: 'data/co.duckdb', referenceDir: 'ref', memoryLimit: '512MB' });
    await emptyDatabase(path.join(dir, 'data/co.duckdb'));
    const { opened, openDb } = watchOpens();
    const run = await runCli(['status'], {}, { cwd: dir, openDb });
    expect(run.code).toBe(0);
    // 512MB = 512,000,000 bytes = 488.28 MiB, as DuckDB shows it
    expect(opened).toEqual([
      { db: path.join(dir, 'data/co.duckdb'), referenceDir: path.join(dir, 'ref'), memory: '488.2 MiB' },
    ]);
  });

  it('is the file given with --config, its paths relative to it (not to the current folder)', async () => {
    const dir = tempDir();
    const etc = path.join(dir, 'etc');
    writeConfig(etc, { db: '../srv/co.duckdb' }, 'settings.json');
    writeConfig(dir, { db: 'not-this.duckdb' }); // in the current folder, but --config names another
    await emptyDatabase(path.join(dir, 'srv/co.duckdb'));
    const { opened, openDb } = watchOpens();
    const run = await runCli(['--config', 'etc/settings.json', 'status'], {}, { cwd: dir, openDb });
    expect(run.code).toBe(0);
    expect(opened.map((o) => o.db)).toEqual([path.join(dir, 'srv/co.duckdb')]);
  });

  it('loses to the command line, and to the environment variable, for the same setting', async () => {
    const dir = tempDir();
    writeConfig(dir, { db: 'file.duckdb', memoryLimit: '512MB' });
    const { opened, openDb } = watchOpens();
    const cli = await emptyDatabase(path.join(dir, 'cli.duckdb'));
    expect((await runCli(['--db', cli, '--memory-limit', '1GiB', 'status'], {}, { cwd: dir, openDb })).code).toBe(0);
    const env = await emptyDatabase(path.join(dir, 'env.duckdb'));
    expect((await runCli(['status'], { CO_DB: env, CO_MEMORY_LIMIT: '256MiB' }, { cwd: dir, openDb })).code).toBe(0);
    // the command line above the variable too
    expect(
      (
        await runCli(
          ['--db', cli, '--memory-limit', '2GiB', 'status'],
          { CO_DB: env, CO_MEMORY_LIMIT: '256MiB' },
          { cwd: dir, openDb },
        )
      ).code,
    ).toBe(0);
    // and the default db typed out on the command line is still the command line's
    expect(
      (
        await runCli(
          ['--db', 'data/co.duckdb', 'status'],
          {},
          {
            cwd: dir,
            openDb: async (db, r, o) => {
              opened.push({ db, memory: o?.memoryLimit });
              return openPipelineDb(cli, r, o);
            },
          },
        )
      ).code,
    ).toBe(0);
    expect(opened).toEqual([
      { db: cli, referenceDir: undefined, memory: '1.0 GiB' },
      { db: env, referenceDir: undefined, memory: '256.0 MiB' },
      { db: cli, referenceDir: undefined, memory: '2.0 GiB' },
      { db: 'data/co.duckdb', memory: '512MB' },
    ]);
  });

  it("keyFile gives the key, unless CO_PSEUDONYM_KEY is set: the variable stands above the file's keyFile", async () => {
    const dir = tempDir();
    const extract = writeFile(dir, 'e.csv', coCsv([coRow()])); // it carries a codice fiscale: the key is needed
    writeConfig(dir, { db: 'co.duckdb', keyFile: 'missing-key' });
    const withoutVariable = await runCli(['ingest', 'co', extract], {}, { cwd: dir });
    expect(withoutVariable.code).toBe(2);
    expect(withoutVariable.stderr).toContain(`Cannot read the pseudonym key file ${path.join(dir, 'missing-key')}`);
    const withVariable = await runCli(['ingest', 'co', extract], { CO_PSEUDONYM_KEY: TEST_KEY }, { cwd: dir });
    expect({ code: withVariable.code, said: withVariable.stdout }).toMatchObject({
      code: 0,
      said: expect.stringContaining('1 loaded'),
    });
    // the file's key, once there, is read: the same key as the variable's, so the database accepts it
    writeFileSync(path.join(dir, 'missing-key'), TEST_KEY);
    const second = writeFile(dir, 'f.csv', coCsv([coRow({ codice_comunicazione: 'C0002', data_invio: '2024-03-02' })]));
    const fromFile = await runCli(['ingest', 'co', second], {}, { cwd: dir });
    expect({ code: fromFile.code, said: fromFile.stdout }).toMatchObject({
      code: 0,
      said: expect.stringContaining('1 loaded'),
    });
  });

  it("gives run its inbox, out and the other run settings; run opens its database with the file's memory limit", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'inbox'));
    writeConfig(dir, {
      db: 'co.duckdb',
      inbox: 'inbox',
      out: 'out',
      waitSeconds: 5,
      lookbackMonths: 6,
      minCell: 3,
      memoryLimit: '300MiB',
    });
    const { opened, openDb } = watchOpens();
    const run = await runCli(['run'], {}, { cwd: dir, openDb });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ inbox: path.join(dir, 'inbox'), out: path.join(dir, 'out') });
    expect(opened).toEqual([{ db: path.join(dir, 'co.duckdb'), referenceDir: undefined, memory: '300.0 MiB' }]);
    // the command line's --out above the file's
    const other = path.join(dir, 'elsewhere');
    expect(JSON.parse((await runCli(['run', '--out', other], {}, { cwd: dir })).stdout)).toMatchObject({ out: other });
  });

  it("gives crisis-basins its minCell, the command line's --min-cell above it", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'co.duckdb');
    await ingest(
      db,
      [
        writeFile(
          dir,
          'e.csv',
          coCsv([comm(worker('B1'), { data_inizio: '2025-01-02', data_fine: '2025-03-31' })], {
            columns: scenarioColumns,
          }),
        ),
      ],
      [],
      {},
    );
    writeConfig(dir, { db: 'co.duckdb', minCell: 3 });
    const note = (out: string) =>
      /i conteggi da 1 a (\d+) non sono mostrati/.exec(readFileSync(path.join(out, 'riepilogo.md'), 'utf8'))?.[1];
    const fromFile = path.join(dir, 'basins-file');
    expect((await runCli(['crisis-basins', '--as-of', '2025-06-30', '--out', fromFile], {}, { cwd: dir })).code).toBe(
      0,
    );
    expect(note(fromFile)).toBe('2'); // minCell 3: counts 1 and 2 withheld
    const fromCli = path.join(dir, 'basins-cli');
    expect(
      (await runCli(['crisis-basins', '--as-of', '2025-06-30', '--min-cell', '7', '--out', fromCli], {}, { cwd: dir }))
        .code,
    ).toBe(0);
    expect(note(fromCli)).toBe('6');
  });

  it('does not give report its out: a report goes where its command line says', async () => {
    const dir = tempDir();
    writeConfig(dir, { db: 'co.duckdb', out: 'out' });
    const run = await runCli(['report', 'semiannual', '--semester', '2025-H1'], {}, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--out <dir>' not specified");
  });

  it.each([
    ['an unknown key', { db: 'co.duckdb', dbPath: 'x' }, 'unknown key "dbPath" (the keys are db, keyFile,'],
    [
      'a number as a string',
      { minCell: '5' },
      '"minCell": expected a whole number from 2 to 1000 (a JSON number, not a string)',
    ],
    ['minCell 1 (suppression off)', { minCell: 1 }, '"minCell": expected a whole number from 2 to 1000'],
    [
      'a memory limit without its unit',
      { memoryLimit: 4 },
      '"memoryLimit": expected a size with its unit as a JSON string',
    ],
    [
      'a memory limit of another form',
      { memoryLimit: '4 gigs' },
      '"memoryLimit": expected a size above 0 with its unit, e.g. 4GB or 512MB',
    ],
    ['a path that is not a string', { db: ['a', 'b'] }, '"db": expected a path (a JSON string)'],
    ['a log level it does not know', { logLevel: 'verbose' }, '"logLevel": expected one of "fatal", "error"'],
    ['an array', [], 'expected a JSON object of settings'],
    ['bad JSON', '{ "db": "co.duckdb", }', 'is not valid JSON ('],
  ])('refuses %s with exit 2, naming the file and the key', async (_what, values, said) => {
    const dir = tempDir();
    const file = writeConfig(dir, values);
    const run = await runCli(['--db', path.join(dir, 'co.duckdb'), 'status'], {}, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`co-pipeline: config file ${file}`);
    expect(run.stderr).toContain(said);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a --config file that does not exist (exit 2); without --config a missing file is no error', async () => {
    const dir = tempDir();
    const run = await runCli(
      ['--config', 'nope.json', '--db', path.join(dir, 'co.duckdb'), 'status'],
      {},
      { cwd: dir },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--config nope.json: no such file (${path.join(dir, 'nope.json')})`);
    expect(
      (await runCli(['--db', await emptyDatabase(path.join(dir, 'co.duckdb')), 'status'], {}, { cwd: dir })).code,
    ).toBe(0);
  });

  it('ships an example that is a valid config file, the one the README shows', () => {
    const example = path.join(projectRoot, 'co-pipeline.config.example.json');
    expect(loadConfig(example, projectRoot)?.values).toMatchObject({
      db: '/srv/co/co.duckdb',
      minCell: 5,
      waitSeconds: 1800,
    });
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    expect(readme).toContain(readFileSync(example, 'utf8'));
  });
});
