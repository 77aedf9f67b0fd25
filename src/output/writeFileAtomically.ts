import { writeFileSync } from 'node:fs';
import { writeBeside } from './writeBeside.js';

/** Writes a file (text or bytes) atomically (writeBeside): readers never see half a file. */
export function writeFileAtomically(file: string, content: string | Uint8Array): Promise<void> {
  return writeBeside(file, (temporary) => writeFileSync(temporary, content));
}
