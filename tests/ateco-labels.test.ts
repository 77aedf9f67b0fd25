import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPipelineDb } from '../src/commands/support/openPipelineDb.js';
import { loadLabels } from '../src/reports/page/labels.js';
import { tempDir } from './helpers.js';

/** The report's labels of the ATECO 2007 sections, from the shipped reference table. */
describe('ATECO sections as ISTAT writes them', () => {
  it('with their accents and ISTAT wording, not the capitals of the source with an apostrophe', async () => {
    const db = await openPipelineDb(path.join(tempDir(), 'co.duckdb'));
    try {
      const labels = await loadLabels(db);
      expect(labels.ateco('Q')).toBe('Q Sanità e assistenza sociale');
      expect(labels.ateco('L')).toBe('L Attività immobiliari');
      expect(labels.ateco('C')).toBe('C Attività manifatturiere');
      expect(labels.ateco('G')).toBe("G Commercio all'ingrosso e al dettaglio; riparazione di autoveicoli e motocicli");
      expect(labels.ateco('?')).toBe('? Non indicata');
    } finally {
      db.close();
    }
  });
});
