/**
 * Every environment variable co-pipeline reads, with what it sets. Code reads
 * them only through environment() (on the env that comes through deps), so this
 * list is the whole of it; the README's table is checked against it by a test.
 * TMPDIR is read by Node itself (os.tmpdir()), not through environment(): it is
 * listed because it decides where the private copies of an extract go.
 */
export const environmentVariables = {
  CO_DB: 'the database file, as `--db` (default `data/co.duckdb`)',
  CO_PSEUDONYM_KEY:
    "the pseudonym key itself (16-64 bytes), when `--key-file` is not given; above the config file's `keyFile`",
  CO_REFERENCE_DIR: 'extra reference tables, as `--reference-dir`',
  CO_MEMORY_LIMIT: "DuckDB's memory limit, as `--memory-limit` (e.g. `4GB`; default half of the machine's memory)",
  CHROMIUM_PATH:
    "the Chromium (or Chrome) executable that prints the semi-annual report's `report.pdf` (default `/usr/bin/chromium`; without one the report has no PDF)",
  TMPDIR: 'the folder of the private temporary copies of an extract (read by Node; default `/tmp`)',
} as const;

export type EnvironmentVariable = keyof typeof environmentVariables;

/** The listed variables that are set to a non-empty value (an empty one counts as unset, as in the shell's `VAR=`). */
export function environment(env: NodeJS.ProcessEnv): { readonly [K in EnvironmentVariable]?: string } {
  return Object.fromEntries(
    Object.keys(environmentVariables).flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
  );
}
