// tsc compiles only TypeScript: copy the SQL models and other assets next to the
// compiled modules so that `new URL('./x.sql', import.meta.url)` works from dist/ too.
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const copyAssets = (from, to) => {
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    if (statSync(source).isDirectory()) copyAssets(source, path.join(to, name));
    else if (name.endsWith('.sql')) {
      mkdirSync(to, { recursive: true });
      cpSync(source, path.join(to, name));
    }
  }
};
copyAssets(path.join(root, 'src'), path.join(root, 'dist'));
