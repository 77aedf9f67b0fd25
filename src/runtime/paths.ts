import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, from src/runtime/ (tests) or dist/runtime/ (installed bin) alike. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Reference tables shipped with the program (see reference/SOURCES.md). */
export const referenceDir = path.join(projectRoot, 'reference');

export const defaultDbPath = 'data/co.duckdb';
