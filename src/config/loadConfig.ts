import { readFileSync } from 'node:fs';
import path from 'node:path';
import { usageError } from '../runtime/errors.js';
import { ConfigFile, configPathKeys } from './ConfigFile.js';

/** The file read from the current folder when --config is not given. */
export const configFileName = 'co-pipeline.config.json';

export interface LoadedConfig {
  /** The file the values came from, as an absolute path (for messages and the log). */
  file: string;
  values: ConfigFile;
}

const fix = `see ${configFileName.replace('.json', '.example.json')} and the README ("Configuration file")`;

/**
 * Reads the configuration file: the one given with --config (which must exist),
 * else co-pipeline.config.json in cwd when there is one. Anything wrong with it
 * (unreadable, not JSON, an unknown key, a value of the wrong kind) is a usage
 * error naming the file and the key, since every command would read it the same
 * way. Paths in it are relative to its own folder, so a file kept in /etc works
 * from any working directory.
 */
export function loadConfig(given: string | undefined, cwd: string): LoadedConfig | undefined {
  const file = path.resolve(cwd, given ?? configFileName);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && given === undefined) return undefined;
    if (code === 'ENOENT')
      throw usageError(
        `--config ${given}: no such file (${file}). Check the path, or leave --config out to read ${configFileName} from the current folder when there is one.`,
      );
    if (code === 'EISDIR')
      throw usageError(
        `config file ${file} is a folder: give the JSON file itself${given === undefined ? `, or move the folder named ${configFileName} away` : ' to --config'}.`,
      );
    throw usageError(`cannot read the config file ${file}: ${(error as Error).message}. Check its permissions.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw usageError(`config file ${file} is not valid JSON (${(error as Error).message}): fix it; ${fix}.`);
  }
  const parsed = ConfigFile.safeParse(json);
  if (!parsed.success) {
    const keys = Object.keys(ConfigFile.shape).join(', ');
    const problems = parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys')
        return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (the keys are ${keys})`;
      if (issue.path.length === 0) return `expected a JSON object of settings, e.g. { "db": "data/co.duckdb" }`;
      return `"${String(issue.path[0])}": ${issue.message}`;
    });
    throw usageError(`config file ${file}: ${problems.join('; ')}; ${fix}.`);
  }
  const values = { ...parsed.data };
  for (const key of configPathKeys)
    if (values[key] !== undefined) values[key] = path.resolve(path.dirname(file), values[key]);
  return { file, values };
}
