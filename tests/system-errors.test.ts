import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { UserError } from '../src/runtime/errors.js';
import { projectRoot } from '../src/runtime/paths.js';
import { describeSystemError } from '../src/runtime/systemError.js';
import { coCsv, coRow, TEST_KEY, tempDir, writeFile } from './helpers.js';

/** A Node fs error as fs throws it. */
const nodeError = (code: string, fields: { path?: string; syscall?: string } = {}) =>
  Object.assign(new Error(`${code}: ${fields.syscall ?? 'write'}${fields.path ? ` '${fields.path}'` : ''}`), {
    code,
    syscall: 'write',
    ...fields,
  });

const places = { database: '/srv/co/co.duckdb', output: '/data/out', temp: '/var/tmp' };

describe('describeSystemError: Node errors', () => {
  it.each([
    ['the database file', '/srv/co/co.duckdb', 'the database /srv/co/co.duckdb', '--db'],
    ['the WAL beside the database', '/srv/co/co.duckdb.wal', 'the database /srv/co/co.duckdb', '--db'],
    [
      'a file inside the output',
      '/data/out/bacini-crisi-2025-06-30.tmp-9/bacini_crisi.csv',
      'the output /data/out',
      '--out',
    ],
    ['the temporary name beside an output file', '/data/out.tmp-12', 'the output /data/out', '--out'],
    ['a copy in the temporary folder', '/var/tmp/co-pipeline-x/copy.csv', 'the temporary folder /var/tmp', 'TMPDIR'],
  ])('ENOSPC on %s names that place and how to move it', (_what, file, place, move) => {
    const error = describeSystemError(nodeError('ENOSPC', { path: file }), places);
    expect(error).toBeInstanceOf(UserError);
    expect(error!.exitCode).toBe(1);
    expect(error!.message).toBe(
      `no space left on the disk of ${place} (writing ${file}): free space there or ${
        {
          '--db': 'move the database (with its .wal file) to another disk and point --db at it',
          '--out': 'point --out to another disk',
          TMPDIR: 'set TMPDIR to a folder on another disk',
        }[move]
      }`,
    );
  });

  it("says the brief's example for the temporary folder, which defaults to os.tmpdir()", () => {
    const file = path.join(tmpdir(), 'co-pipeline-x', 'copy.csv');
    expect(describeSystemError(nodeError('ENOSPC', { path: file }), { database: '/srv/co/co.duckdb' })!.message).toBe(
      `no space left on the disk of the temporary folder ${tmpdir()} (writing ${file}): free space there or set TMPDIR to a folder on another disk`,
    );
  });

  it('names every place given when the error has no path (a write on an open file)', () => {
    const message = describeSystemError(nodeError('ENOSPC'), places)!.message;
    expect(message).toBe(
      'no space left on the disk of the database /srv/co/co.duckdb, the output /data/out or the temporary folder /var/tmp' +
        ' (writing): free space there or point --db, --out or TMPDIR elsewhere',
    );
    expect(describeSystemError(nodeError('ENOSPC'), { output: '/data/out', temp: '/var/tmp' })!.message).toBe(
      'no space left on the disk of the output /data/out or the temporary folder /var/tmp (writing): free space there or point --out or TMPDIR elsewhere',
    );
  });

  it('picks the most specific place: an output inside the temporary folder is the output', () => {
    const message = describeSystemError(nodeError('ENOSPC', { path: '/var/tmp/out/x.csv' }), {
      output: '/var/tmp/out',
      temp: '/var/tmp',
    })!.message;
    expect(message).toContain('the disk of the output /var/tmp/out');
  });

  it('compares relative paths as absolute ones, and shows the place as the user gave it', () => {
    const message = describeSystemError(nodeError('ENOSPC', { path: path.resolve('data/co.duckdb.wal') }), {
      database: 'data/co.duckdb',
    })!.message;
    expect(message).toContain('the disk of the database data/co.duckdb');
  });

  it('counts a folder above a place as that place (creating its parents)', () => {
    const message = describeSystemError(nodeError('EACCES', { path: '/srv/co', syscall: 'mkdir' }), places)!.message;
    expect(message).toBe(
      'permission denied in the database /srv/co/co.duckdb (creating /srv/co): give the user running co-pipeline access there' +
        ' or move the database (with its .wal file) to another disk and point --db at it',
    );
  });

  it.each([
    [
      'EDQUOT',
      'disk quota exceeded on the disk of the output /data/out',
      'free space there (or have the quota raised)',
    ],
    ['EROFS', 'the disk of the output /data/out is read-only', 'remount it read-write'],
    ['EACCES', 'permission denied in the output /data/out', 'give the user running co-pipeline access there'],
    ['EPERM', 'permission denied in the output /data/out', 'give the user running co-pipeline access there'],
    ['EIO', 'input/output error on the disk of the output /data/out', 'check the disk'],
  ])('%s names the place and what to do', (code, problem, remedy) => {
    const message = describeSystemError(nodeError(code, { path: '/data/out/x.csv', syscall: 'open' }), places)!.message;
    expect(message).toContain(`${problem} (opening /data/out/x.csv): ${remedy}`);
    expect(message).toMatch(/or point --out to another disk$/);
  });

  it('EMFILE and ENFILE say to raise the open-file limit', () => {
    for (const code of ['EMFILE', 'ENFILE']) {
      expect(describeSystemError(nodeError(code, { path: '/x/a.csv', syscall: 'open' }), places)!.message).toBe(
        'too many open files (opening /x/a.csv): raise the open-file limit (ulimit -n) and run again',
      );
    }
  });

  it('a path outside every place is named on its own', () => {
    expect(
      describeSystemError(nodeError('EACCES', { path: '/srv/inbox/a.csv', syscall: 'open' }), places)!.message,
    ).toBe('permission denied in /srv/inbox/a.csv (opening): give the user running co-pipeline access there');
  });

  it.each([
    ['an ordinary Error', new Error('boom')],
    ['a missing file (ENOENT is not a disk problem)', nodeError('ENOENT', { path: '/x' })],
    ['a DuckDB binder error', new Error('Binder Error: Referenced column "x" not found in FROM clause!')],
    ['a DuckDB missing file', new Error('IO Error: No files found that match the pattern "/x/a.csv"')],
    ['a UserError without a cause', new UserError('rejects: there is no batch 3.')],
    ['a string', 'No space left on device'],
    ['null', null],
  ])('is undefined for %s', (_what, error) => {
    expect(describeSystemError(error, places)).toBeUndefined();
  });

  it('says DuckDB ran out of memory and how to raise the limit, not that it is a bug', () => {
    const oom = new Error(
      'Out of Memory Error: could not allocate block of size 256.0 KiB (37.9 MiB/38.1 MiB used)\n\nPossible solutions: ...',
    );
    expect(describeSystemError(oom, {})?.message).toBe(
      'DuckDB ran out of memory (37.9 MiB/38.1 MiB used): raise its limit ' +
        "(--memory-limit, env CO_MEMORY_LIMIT or memoryLimit in the config file, e.g. 4GB; by default half of the machine's memory), or run on a machine with more memory",
    );
    expect(describeSystemError(new Error('Binder Error: no such column'), {})).toBeUndefined();
  });

  it('describes a UserError by its system-error cause', () => {
    const wrapped = new UserError('Cannot open the database', 1, {
      cause: nodeError('ENOSPC', { path: '/srv/co/co.duckdb' }),
    });
    expect(describeSystemError(wrapped, places)!.message).toContain(
      'no space left on the disk of the database /srv/co/co.duckdb',
    );
  });
});

describe('describeSystemError: DuckDB errors (their text, as DuckDB 1.5 words them)', () => {
  it.each([
    [
      'the WAL at a commit',
      'TransactionContext Error: Failed to commit: Could not write file "/srv/co/co.duckdb.wal": No space left on device',
      'the database /srv/co/co.duckdb',
      'writing /srv/co/co.duckdb.wal',
    ],
    [
      'the database file',
      'IO Error: Could not write file "/srv/co/co.duckdb": No space left on device',
      'the database /srv/co/co.duckdb',
      'writing /srv/co/co.duckdb',
    ],
    [
      'a checkpoint, then the invalidated database',
      'FATAL Error: Failed: database has been invalidated because of a previous fatal error. The database must be restarted prior to being used again.\n' +
        'Original error: "Failed to create checkpoint because of error: Could not write file "/srv/co/co.duckdb": No space left on device"',
      'the database /srv/co/co.duckdb',
      'writing /srv/co/co.duckdb',
    ],
    [
      'a COPY into the output',
      'IO Error: Could not write file "/data/out/bacini_crisi.csv.tmp-8243-IXaBav/bacini_crisi.csv": No space left on device',
      'the output /data/out',
      'writing /data/out/bacini_crisi.csv.tmp-8243-IXaBav/bacini_crisi.csv',
    ],
    [
      'a file in the temporary folder',
      'IO Error: Could not write file "/var/tmp/co-pipeline-x/copy.csv": No space left on device',
      'the temporary folder /var/tmp',
      'writing /var/tmp/co-pipeline-x/copy.csv',
    ],
  ])('ENOSPC on %s', (_what, message, place, doing) => {
    const error = describeSystemError(new Error(message), places);
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toMatch(
      new RegExp(`^no space left on the disk of ${place} \\(${doing}\\): free space there or `),
    );
  });

  it("a spill that finds no room is on the database's disk, in its spill folder <database>.tmp", () => {
    const spill =
      'Out of Memory Error: failed to offload data block of size 256.0 KiB (0 bytes/0 bytes used).\n' +
      "This limit was set by the 'max_temp_directory_size' setting.\n" +
      "By default, this setting utilizes the available disk space on the drive where the 'temp_directory' is located.";
    expect(describeSystemError(new Error(spill), places)!.message).toBe(
      'no space left on the disk of the database /srv/co/co.duckdb (writing /srv/co/co.duckdb.tmp): free space there' +
        ' or move the database (with its .wal file) to another disk and point --db at it',
    );
  });

  it.each([
    [
      'IO Error: Cannot open file "/data/out/x.csv": Read-only file system',
      'the disk of the output /data/out is read-only (opening /data/out/x.csv)',
    ],
    [
      'IO Error: Cannot open file "/srv/co/co.duckdb": Permission denied',
      'permission denied in the database /srv/co/co.duckdb (opening /srv/co/co.duckdb)',
    ],
    [
      'IO Error: Could not write file "/data/out/x.csv": Disk quota exceeded',
      'disk quota exceeded on the disk of the output /data/out (writing /data/out/x.csv)',
    ],
    [
      'IO Error: Could not read from file "/srv/co/co.duckdb": Input/output error',
      'input/output error on the disk of the database /srv/co/co.duckdb (reading /srv/co/co.duckdb)',
    ],
    [
      'IO Error: Failed to create directory "/data/out": Operation not permitted',
      'permission denied in the output /data/out (creating /data/out)',
    ],
    ['IO Error: Cannot open file "/x/a.csv": Too many open files in system', 'too many open files (opening /x/a.csv)'],
  ])('recognises %s', (message, said) => {
    expect(describeSystemError(new Error(message), places)!.message).toContain(said);
  });
});

/**
 * How to get a small tmpfs: in a private mount namespace (unshare -rm works without
 * root; the mount goes with the process), else mounted here as root and unmounted
 * after. The CLI runs in a shell that mounts, fills when asked, then execs it.
 */
function smallDisks(): {
  run?: (dir: string, size: string, setup: string, args: string[]) => { code: number; stdout: string; stderr: string };
  reason: string;
} {
  const probe = mkdtempSync(path.join(tmpdir(), 'co-tmpfs-probe-'));
  const mount = 'mount -t tmpfs -o size="$2" tmpfs "$1" || exit 97';
  try {
    if (spawnSync('unshare', ['-rm', 'sh', '-c', mount, 'sh', probe, '64k']).status === 0) {
      return {
        reason: '',
        run: (dir, size, setup, args) =>
          shell(['unshare', '-rm', 'sh'], `${mount}; ${setup}; shift 2; exec node bin/co-pipeline.js "$@"`, [
            dir,
            size,
            ...args,
          ]),
      };
    }
    if (process.getuid?.() === 0 && spawnSync('sh', ['-c', mount, 'sh', probe, '64k']).status === 0) {
      spawnSync('umount', [probe]);
      return {
        reason: '',
        run: (dir, size, setup, args) => {
          try {
            return shell(['sh'], `${mount}; ${setup}; shift 2; exec node bin/co-pipeline.js "$@"`, [
              dir,
              size,
              ...args,
            ]);
          } finally {
            spawnSync('umount', [dir]);
          }
        },
      };
    }
    return { reason: 'skipped: neither mount (not root) nor unshare -rm can mount a tmpfs here' };
  } finally {
    rmdirSync(probe);
  }
}

function shell(command: string[], script: string, args: string[]) {
  const [program, ...rest] = command;
  const result = spawnSync(program!, [...rest, '-c', script, 'sh', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, CO_PSEUDONYM_KEY: TEST_KEY },
  });
  if (result.status === 97) throw new Error(`could not mount a tmpfs: ${result.stderr}`);
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const disks = smallDisks();
const FILL = 'dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null';
const noStack = (stderr: string) => {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toContain('"stack"');
  expect(stderr).not.toContain('a bug');
};

describe.skipIf(!disks.run)(
  `disk full, end to end, with the built CLI on a small tmpfs${disks.run ? '' : ` (${disks.reason})`}`,
  () => {
    const run = disks.run!;
    const disk = () => {
      const dir = path.join(tempDir(), 'disk');
      mkdirSync(dir);
      return dir;
    };
    /** An empty pipeline database (schema and reference tables) on the ordinary disk. */
    const database = async () => {
      const file = path.join(tempDir(), 'co.duckdb');
      (await openPipelineDb(file)).close();
      return file;
    };

    it('--db on a full disk: exit 1, the database and its disk named, no stack trace', () => {
      const dir = disk();
      const db = path.join(dir, 'co.duckdb');
      // 1 MB holds the database header, not the schema and reference tables: the WAL write fails
      // (ingest creates the database; the commands that only read refuse a missing one)
      const extract = writeFile(tempDir(), 'co.csv', coCsv([coRow()]));
      const result = run(dir, '1m', 'true', ['--db', db, 'ingest', 'co', extract]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`co-pipeline: no space left on the disk of the database ${db} (writing ${db}`);
      expect(result.stderr).toContain('point --db at it');
      noStack(result.stderr);
    });

    it('generate --out on a full disk: exit 1, the output named (no path in the error: the temporary folder too), no stack trace', () => {
      const dir = disk();
      const out = path.join(dir, 'gen');
      const result = run(dir, '1m', FILL, [
        'generate',
        '--workers',
        '2000',
        '--from',
        '2024-01',
        '--to',
        '2024-03',
        '--out',
        out,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `co-pipeline: no space left on the disk of the output ${out} or the temporary folder `,
      );
      expect(result.stderr).toContain('point --out or TMPDIR elsewhere');
      noStack(result.stderr);
    });

    it('ingest with a full temporary folder: exit 1, the temporary folder and the copy named, no stack trace', async () => {
      const db = await database();
      const dir = disk();
      const extract = writeFile(
        tempDir(),
        'co.csv',
        coCsv(Array.from({ length: 3000 }, (_, i) => coRow({ codice_comunicazione: `C${i}` }))),
      );
      const result = run(dir, '256k', 'export TMPDIR="$1"', ['--db', db, 'ingest', 'co', extract]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `FAILED: ${extract}: no space left on the disk of the temporary folder ${dir} (writing ${dir}/co-pipeline-`,
      );
      expect(result.stdout).toContain('set TMPDIR to a folder on another disk');
      noStack(result.stderr);
    });

    it('with --debug the stack trace is shown', () => {
      const dir = disk();
      const result = run(dir, '1m', FILL, [
        '--debug',
        'generate',
        '--workers',
        '2000',
        '--from',
        '2024-01',
        '--to',
        '2024-03',
        '--out',
        path.join(dir, 'gen'),
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no space left on the disk of the output');
      expect(result.stderr).toMatch(/\n\s+at /);
    });

    it('rejects --out and crisis-basins --out on a full disk: exit 1, the output and the file named, no stack trace', async () => {
      const db = await database();
      const dir = disk();
      const csv = path.join(dir, 'rejects.csv');
      const rejects = run(dir, '1m', FILL, ['--db', db, 'rejects', '--out', csv]);
      expect(rejects.code).toBe(1);
      expect(rejects.stderr).toContain(
        `co-pipeline: no space left on the disk of the output ${csv} (writing ${csv}.tmp-`,
      );
      expect(rejects.stderr).toContain('point --out to another disk');
      noStack(rejects.stderr);

      const basins = path.join(dir, 'basins');
      const crisis = run(dir, '1m', FILL, ['--db', db, 'crisis-basins', '--as-of', '2025-06-30', '--out', basins]);
      expect(crisis.code).toBe(1);
      expect(crisis.stderr).toContain(
        `co-pipeline: no space left on the disk of the output ${basins} (writing ${basins}.tmp-`,
      );
      noStack(crisis.stderr);
    });

    it('build: a full disk at the snapshot is a warning, the build still succeeds and says why', async () => {
      const db = await database();
      const dir = disk();
      const snapshot = path.join(dir, 'co.snapshot.duckdb');
      const result = run(dir, '1m', FILL, ['--db', db, '--snapshot', snapshot, 'build']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        `snapshot not published: no space left on the disk of the snapshot ${snapshot} (writing ${snapshot}.tmp-`,
      );
      expect(result.stdout).toContain('point --snapshot to another disk');
      noStack(result.stderr);
    });

    it('run: a full output disk or a full database disk at the build is a failed step in the JSON summary, exit 1, no stack trace', async () => {
      const db = await database();
      const inbox = path.join(tempDir(), 'inbox');
      mkdirSync(inbox);
      const dir = disk();
      const out = path.join(dir, 'out');
      const outputs = run(dir, '1m', FILL, [
        '--db',
        db,
        'run',
        '--inbox',
        inbox,
        '--out',
        out,
        '--as-of',
        '2025-06-30',
      ]);
      expect(outputs.code).toBe(1);
      const summary = JSON.parse(outputs.stdout.trim().split('\n').at(-1)!);
      expect(summary.crisis_basins.error).toContain(
        `no space left on the disk of the output ${out} (writing ${out}/bacini-crisi-2025-06-30.tmp-`,
      );
      expect(summary).toMatchObject({
        crisis_basins: { status: 'failed' },
        semiannual_report: { status: 'skipped', reason: 'the crisis basins failed' },
        exit_code: 1,
      });
      noStack(outputs.stderr);

      // a database never built opens (nothing to write) and the build's first commit finds the disk full
      const full = disk();
      const copy = path.join(full, 'co.duckdb');
      const build = run(full, '16m', `cp ${JSON.stringify(await database())} "$1/co.duckdb" && ${FILL}`, [
        '--db',
        copy,
        'run',
        '--inbox',
        inbox,
        '--out',
        path.join(tempDir(), 'out'),
      ]);
      expect(build.code).toBe(1);
      const built = JSON.parse(build.stdout.trim().split('\n').at(-1)!);
      expect(built.build).toMatchObject({ status: 'failed' });
      expect(built.build.error).toContain(`no space left on the disk of the database ${copy} (writing ${copy}.wal)`);
      expect(built.crisis_basins).toEqual({ status: 'skipped', reason: 'the build failed' });
      noStack(build.stderr);
    });
  },
);
