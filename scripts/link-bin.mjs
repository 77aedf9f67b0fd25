// npm links the bins of dependencies, not the project's own: link ours into
// node_modules/.bin so that `npx co-pipeline` works right after `npm ci`.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const binDir = path.join(root, 'node_modules', '.bin');
mkdirSync(binDir, { recursive: true });
const link = path.join(binDir, 'co-pipeline');
rmSync(link, { force: true });
symlinkSync(path.relative(binDir, path.join(root, 'bin', 'co-pipeline.js')), link);
