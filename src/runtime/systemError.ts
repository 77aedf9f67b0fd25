import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserError } from './errors.js';

/** The places co-pipeline writes to, as the user named them (--db, --out, --snapshot) or the system set them (TMPDIR). */
export interface SystemPlaces {
  database?: string;
  output?: string;
  temp?: string;
  /** The analysts' snapshot of the database (publishSnapshot). */
  snapshot?: string;
}

type PlaceName = keyof SystemPlaces;

/**
 * The system errors the user can act on, with the text the C library gives them:
 * DuckDB reports errors as text only, ending in this strerror text.
 */
const systemCodes = {
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  EROFS: 'Read-only file system',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  EIO: 'Input/output error',
} as const;
type SystemCode = keyof typeof systemCodes;

const isSystemCode = (code: unknown): code is SystemCode =>
  typeof code === 'string' && Object.hasOwn(systemCodes, code);

/** What the failed call was doing, from Node's syscall or DuckDB's verb, as the message says it. */
const doing: [RegExp, string][] = [
  [/^(p?writev?|fsync|fdatasync|f?truncate|copyfile)$/, 'writing'],
  [/^open$/, 'opening'],
  [/^(mkdir|mkdtemp|create)$/, 'creating'],
  [/^rename$/, 'renaming'],
  [/^(unlink|rmdir|remove)$/, 'removing'],
  [/^(p?readv?|seek|scandir|opendir)$/, 'reading'],
  [/^lock$/, 'locking'],
];
const actionOf = (verb: string | undefined): string | undefined =>
  verb === undefined ? undefined : (doing.find(([re]) => re.test(verb.toLowerCase()))?.[1] ?? verb);

interface SystemFailure {
  code: SystemCode;
  /** The file or folder the call failed on, when the error says. */
  file?: string;
  action?: string;
}

/**
 * DuckDB's IO errors read `<verb> file "<path>": <strerror>` (also `directory`, or
 * a FATAL error quoting the original one); a spill that finds its temporary
 * directory full reads `failed to offload data block ... max_temp_directory_size`
 * and names no path. Seen with DuckDB 1.5 on a full tmpfs:
 *   TransactionContext Error: Failed to commit: Could not write file "/x/co.duckdb.wal": No space left on device
 *   IO Error: Could not write file "/x/co.duckdb": No space left on device
 *   IO Error: Could not write file "/x/out.csv.tmp-1": No space left on device
 */
function fromDuckDbMessage(message: string, places: SystemPlaces): SystemFailure | undefined {
  const code = (Object.keys(systemCodes) as SystemCode[])
    // "Too many open files in system" contains "Too many open files": longest text first
    .sort((a, b) => systemCodes[b].length - systemCodes[a].length)
    .find((c) => message.toLowerCase().includes(systemCodes[c].toLowerCase()));
  if (code) {
    const quoted =
      /\b(write|open|create|fsync|read|truncate|remove|rename|seek|lock)\w*(?: to| from| on)? (?:file|directory) "([^"]+)"/i.exec(
        message,
      );
    const anyQuoted = /"(\/[^"]+|[A-Za-z]:\\[^"]+)"/.exec(message);
    return { code, file: quoted?.[2] ?? anyQuoted?.[1], action: actionOf(quoted?.[1]) };
  }
  if (/failed to offload data block/i.test(message) && /max_temp_directory_size/.test(message)) {
    // DuckDB spills into <database>.tmp (openDatabase's temp_directory).
    return {
      code: 'ENOSPC',
      file: places.database === undefined ? undefined : `${places.database}.tmp`,
      action: 'writing',
    };
  }
  return undefined;
}

/**
 * DuckDB out of its memory limit (`Out of Memory Error: could not allocate block of
 * size 256.0 KiB (37.9 MiB/38.1 MiB used)`), not a spill that found no room (that is
 * a full disk, fromDuckDbMessage): the limit is the user's to raise.
 */
function outOfMemory(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== 'string' || !/^Out of Memory Error/m.test(message) || /failed to offload/i.test(message))
    return undefined;
  const used = /\(([^()]*used)\)/.exec(message)?.[1];
  return (
    `DuckDB ran out of memory${used ? ` (${used})` : ''}: raise its limit (--memory-limit, env CO_MEMORY_LIMIT or memoryLimit ` +
    "in the config file, e.g. 4GB; by default half of the machine's memory), or run on a machine with more memory"
  );
}

function failureOf(error: unknown, places: SystemPlaces): SystemFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; path?: unknown; dest?: unknown; syscall?: unknown; message?: unknown };
  if (isSystemCode(e.code)) {
    // A copy names its source (path) and its destination (dest): a full or read-only disk is the destination's.
    const file = e.dest !== undefined && ['ENOSPC', 'EDQUOT', 'EROFS'].includes(e.code) ? e.dest : e.path;
    return {
      code: e.code,
      file: typeof file === 'string' ? file : undefined,
      action: actionOf(typeof e.syscall === 'string' ? e.syscall : undefined),
    };
  }
  return typeof e.message === 'string' ? fromDuckDbMessage(e.message, places) : undefined;
}

const placeLabels: Record<PlaceName, string> = {
  database: 'the database',
  output: 'the output',
  temp: 'the temporary folder',
  snapshot: 'the snapshot',
};
/** How to move each place to another disk: the option or variable that sets it. */
const moveAdvice: Record<PlaceName, string> = {
  database: 'move the database (with its .wal file) to another disk and point --db at it',
  output: 'point --out to another disk',
  temp: 'set TMPDIR to a folder on another disk',
  snapshot: 'point --snapshot to another disk (or publish none: --no-snapshot)',
};
const placeSwitch: Record<PlaceName, string> = {
  database: '--db',
  output: '--out',
  temp: 'TMPDIR',
  snapshot: '--snapshot',
};

type Place = [name: PlaceName, dir: string];

/**
 * The place a path belongs to: the place itself, inside it, a companion beside it
 * (`co.duckdb.wal`, the spill folder `co.duckdb.tmp`, an output's `.tmp-PID`
 * before its rename), or, weaker, a folder above it (creating its parents).
 * The most specific place wins: --out /tmp/out is the output, not the temporary folder.
 */
function placeOf(file: string, places: Place[]): Place | undefined {
  const target = path.resolve(file);
  let best: { place: Place; score: number } | undefined;
  for (const place of places) {
    const dir = path.resolve(place[1]);
    const direct = target === dir || target.startsWith(`${dir}${path.sep}`) || target.startsWith(`${dir}.`);
    const above = dir.startsWith(`${target}${path.sep}`);
    const score = direct ? 1_000_000 + dir.length : above ? target.length : -1;
    if (score >= 0 && (!best || score > best.score)) best = { place, score };
  }
  return best?.place;
}

const listed = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

/** The problem, said of a place ("the disk of the output /x/out"). */
function problemOf(code: SystemCode, where: string): string {
  switch (code) {
    case 'ENOSPC':
      return `no space left on the disk of ${where}`;
    case 'EDQUOT':
      return `disk quota exceeded on the disk of ${where}`;
    case 'EROFS':
      return `the disk of ${where} is read-only`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied in ${where}`;
    case 'EIO':
      return `input/output error on the disk of ${where}`;
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
  }
}

/** What to do where it happened, before moving elsewhere. */
function remedyOf(code: SystemCode): string {
  switch (code) {
    case 'ENOSPC':
      return 'free space there';
    case 'EDQUOT':
      return 'free space there (or have the quota raised)';
    case 'EROFS':
      return 'remount it read-write';
    case 'EACCES':
    case 'EPERM':
      return 'give the user running co-pipeline access there';
    case 'EIO':
      return 'check the disk (it may be failing: see dmesg)';
    case 'EMFILE':
    case 'ENFILE':
      return 'raise the open-file limit (ulimit -n) and run again';
  }
}

/**
 * Disk full and the other system errors a user can act on (ENOSPC, EDQUOT, EROFS,
 * EACCES/EPERM, EMFILE/ENFILE, EIO), from Node (error.code, error.path) or from
 * DuckDB (its message text), as a UserError (exit code 1) naming the path, the
 * place whose disk it is (the database, the output or the temporary folder,
 * picked by the path in the error) and what to do; without a path, every place
 * given. places.temp defaults to os.tmpdir(). A UserError is described by its
 * cause, if it has one. Anything else: undefined (a bug, reported as one).
 */
export function describeSystemError(error: unknown, places: SystemPlaces): UserError | undefined {
  const cause = error instanceof UserError ? error.cause : error;
  const memory = outOfMemory(cause);
  if (memory) return new UserError(memory, 1, { cause: error });
  const failure = failureOf(cause, places);
  if (!failure) return undefined;
  const { code, file, action } = failure;
  const given = (
    Object.entries({ ...places, temp: places.temp ?? tmpdir() }) as [PlaceName, string | undefined][]
  ).filter((p): p is Place => p[1] !== undefined && p[1] !== '');
  const fail = (message: string) => new UserError(message, 1, { cause: error });
  const what = file === undefined ? (action ? ` (${action})` : '') : ` (${action ?? 'using'} ${file})`;
  if (code === 'EMFILE' || code === 'ENFILE') return fail(`${problemOf(code, '')}${what}: ${remedyOf(code)}`);
  if (file !== undefined) {
    const place = placeOf(file, given);
    // not one of ours (an inbox file, say): the path alone says where
    if (!place) return fail(`${problemOf(code, file)}${action ? ` (${action})` : ''}: ${remedyOf(code)}`);
    const [name, dir] = place;
    return fail(`${problemOf(code, `${placeLabels[name]} ${dir}`)}${what}: ${remedyOf(code)} or ${moveAdvice[name]}`);
  }
  const where = listed(given.map(([name, dir]) => `${placeLabels[name]} ${dir}`));
  return fail(
    `${problemOf(code, where)}${what}: ${remedyOf(code)} or point ${listed(given.map(([name]) => placeSwitch[name]))} elsewhere`,
  );
}

/**
 * A failure the user can act on, as it is said to them: a system error described
 * (describeSystemError), else a UserError as it is; undefined for a bug.
 */
export const userFailure = (error: unknown, places: SystemPlaces): UserError | undefined =>
  describeSystemError(error, places) ?? (error instanceof UserError ? error : undefined);
