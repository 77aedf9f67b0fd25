import type { Command } from 'commander';
import { memoryLimit } from '../db/memoryLimit.js';
import { environment, type EnvironmentVariable } from '../runtime/environment.js';
import { usageError } from '../runtime/errors.js';
import type { ConfigFile } from './ConfigFile.js';
import type { LoadedConfig } from './loadConfig.js';

/**
 * Where each global option's value may come from besides the command line: its
 * environment variable and its key in the config file. keyFile has no variable
 * of its own, but CO_PSEUDONYM_KEY (the key itself) stands above the file's
 * keyFile as any variable does: when it is set, the file's keyFile is not used.
 */
const globalOptions: readonly {
  option: string;
  env?: EnvironmentVariable;
  yieldsTo?: EnvironmentVariable;
  key: keyof ConfigFile;
}[] = [
  { option: 'db', env: 'CO_DB', key: 'db' },
  { option: 'referenceDir', env: 'CO_REFERENCE_DIR', key: 'referenceDir' },
  { option: 'memoryLimit', env: 'CO_MEMORY_LIMIT', key: 'memoryLimit' },
  { option: 'keyFile', yieldsTo: 'CO_PSEUDONYM_KEY', key: 'keyFile' },
  { option: 'logLevel', key: 'logLevel' },
];

/**
 * The commands each command-level key of the config file applies to. `out` is
 * only run's: a report or an export written by hand goes where its command line
 * says, never silently into the monthly job's folder.
 */
const configCommands: Readonly<Record<string, readonly (keyof ConfigFile)[]>> = {
  run: ['inbox', 'out', 'waitSeconds', 'lookbackMonths', 'minCell', 'author'],
  'crisis-basins': ['lookbackMonths', 'minCell', 'author'],
  'report semiannual': ['minCell', 'author'],
  'report annual': ['minCell', 'author'],
};

const commandPath = (command: Command): string => {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
};

const allCommands = (command: Command): Command[] => command.commands.flatMap((c) => [c, ...allCommands(c)]);

/**
 * Gives every option its value by precedence: the command line, then its
 * environment variable, then the config file, then the built-in default.
 * Commander records where a value came from (getOptionValueSource), so a value
 * typed on the command line that equals the default still wins. Runs after the
 * program's own options are parsed and before the subcommand's: the subcommand's
 * command-line options then override what the file set.
 */
export function layerOptions(program: Command, env: NodeJS.ProcessEnv, config: LoadedConfig | undefined): void {
  const vars = environment(env);
  const file = config?.values ?? {};
  for (const { option, env: name, yieldsTo, key } of globalOptions) {
    if (program.getOptionValueSource(option) === 'cli') continue;
    if (yieldsTo && vars[yieldsTo]) continue;
    const fromEnv = name && vars[name];
    if (fromEnv) program.setOptionValueWithSource(option, fromEnv, 'env');
    else if (file[key] !== undefined) program.setOptionValueWithSource(option, file[key], 'config');
  }
  // the config file's value is checked with the file; the command line's and the variable's here
  const limit = program.getOptionValue('memoryLimit') as string | undefined;
  const checked = limit === undefined ? undefined : memoryLimit.safeParse(limit);
  if (checked && !checked.success) {
    const from = program.getOptionValueSource('memoryLimit') === 'env' ? 'CO_MEMORY_LIMIT' : '--memory-limit';
    throw usageError(`${from} "${limit}": ${checked.error.issues[0]!.message}.`);
  }
  for (const command of allCommands(program)) {
    for (const key of configCommands[commandPath(command)] ?? []) {
      // a table naming an option the command lacks would set nothing, without a word
      if (!command.options.some((o) => o.attributeName() === key))
        throw new Error(`config key ${key}: ${commandPath(command)} has no such option`);
      const value = file[key];
      // as typed on a command line: the commands' own schemas read the strings
      if (value !== undefined) command.setOptionValueWithSource(key, String(value), 'config');
    }
  }
}
