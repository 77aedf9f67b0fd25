import { copyToFile } from './copyToFile.js';
import { writeOutputFolder } from './outputFolder.js';
import { publishSnapshot } from './publishSnapshot.js';

/**
 * The writes a command makes where the user looks: a whole output folder, a file of
 * a query's rows, the analysts' snapshot. Commands reach them through `deps.files`
 * (src/commands/support/context.ts), so a test can watch or replace them; what is
 * written inside a folder being written is private until the folder is swapped in.
 */
export interface OutputWrites {
  folder: typeof writeOutputFolder;
  query: typeof copyToFile;
  snapshot: typeof publishSnapshot;
}

export const outputWrites: OutputWrites = { folder: writeOutputFolder, query: copyToFile, snapshot: publishSnapshot };
