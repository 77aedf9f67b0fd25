import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** How a golden folder is regenerated; said in every failure so the way out is in front of the reader. */
const UPDATE_HINT =
  'If the change is intended, regenerate with `npm run golden:update` (UPDATE_GOLDEN=1), read the diff ' +
  'and explain it in the commit (tests/golden/README.md).';

/** The files under dir, as sorted paths relative to it with /. */
function listFiles(dir: string, under = ''): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(dir, under), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .flatMap((e) => {
      const relative = under ? `${under}/${e.name}` : e.name;
      return e.isDirectory() ? listFiles(dir, relative) : [relative];
    })
    .sort();
}

/** Lines shown in a failure are cut here: a datapackage description can be long. */
const shown = (line: string | undefined) =>
  line === undefined ? '(end of file)' : JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}...` : line);

/** A text's lines without their newlines, and whether the last one ends with one. */
function lines(text: string): { lines: string[]; finalNewline: boolean } {
  const finalNewline = text.endsWith('\n');
  return { lines: (finalNewline ? text.slice(0, -1) : text).split('\n'), finalNewline };
}

/** Where two texts first differ, as a line number (from 1) and both lines. */
function firstDifference(expectedText: string, actualText: string): string {
  const e = lines(expectedText);
  const a = lines(actualText);
  let i = 0;
  while (i < e.lines.length && i < a.lines.length && e.lines[i] === a.lines[i]) i += 1;
  if (i === e.lines.length && i === a.lines.length) {
    // same lines: only the newline at the end differs, which no line shows
    return `the end: the ${e.finalNewline ? 'expected' : 'actual'} file ends with a newline, the ${e.finalNewline ? 'actual' : 'expected'} one does not`;
  }
  return `line ${i + 1}:\n  expected: ${shown(e.lines[i])}\n  actual:   ${shown(a.lines[i])}`;
}

/**
 * Compares the chosen files of an output folder byte for byte with a golden folder
 * (which holds those files only), and says where the first difference is: the first
 * file, in path order, that is missing, extra or different, and its first differing
 * line; the other differing files are listed after it. Returns undefined when every
 * file is the same. With update, the golden folder is replaced by the chosen files
 * instead (so a file the output no longer writes goes too) and nothing is compared.
 */
export function compareGolden(
  goldenDir: string,
  outputDir: string,
  chosen: (file: string) => boolean,
  update = false,
): string | undefined {
  const produced = listFiles(outputDir).filter(chosen);
  if (update) {
    rmSync(goldenDir, { recursive: true, force: true });
    for (const file of produced) {
      mkdirSync(path.dirname(path.join(goldenDir, file)), { recursive: true });
      writeFileSync(path.join(goldenDir, file), readFileSync(path.join(outputDir, file)));
    }
    return undefined;
  }
  const golden = listFiles(goldenDir);
  const name = path.relative(process.cwd(), goldenDir) || goldenDir;
  const problems: { file: string; what: string }[] = [];
  for (const file of [...new Set([...golden, ...produced])].sort()) {
    if (!golden.includes(file))
      problems.push({ file, what: 'is written by the command but is not in the golden folder' });
    else if (!produced.includes(file))
      problems.push({ file, what: 'is in the golden folder but the command no longer writes it' });
    else {
      const expected = readFileSync(path.join(goldenDir, file));
      const actual = readFileSync(path.join(outputDir, file));
      if (!expected.equals(actual))
        problems.push({
          file,
          what: `differs at ${firstDifference(expected.toString('utf8'), actual.toString('utf8'))}`,
        });
    }
  }
  const [first, ...others] = problems;
  if (!first) return undefined;
  return [
    `golden folder ${name}: ${first.file} ${first.what}`,
    ...(others.length
      ? [`${others.length} more file(s) missing or different: ${others.map((p) => p.file).join(', ')}`]
      : []),
    UPDATE_HINT,
  ].join('\n');
}
