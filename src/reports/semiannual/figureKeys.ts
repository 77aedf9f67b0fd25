import { figureKey, parseFigureKey } from '../../disclosure/figureKey.js';
import type { Published } from '../page/publishTables.js';

/**
 * The keys of the report's figures, in the names the ORIM audit gives them
 * (disclosure/figureKey.ts): a figure of the report that is a cell or a margin of an
 * ORIM table has that figure's key, so the report shows it as the ORIM tables publish it.
 */

/** A flow figure of a citizenship group (TOTALE: all groups), optionally of one breakdown cell [dimension, value]. */
export const flowKey = (gruppo: string, measure: string, cell?: readonly [string, string]) =>
  figureKey(
    'flussi',
    { gruppo_cittadinanza: gruppo === 'TOTALE' ? null : gruppo, ...(cell ? { [cell[0]]: cell[1] } : {}) },
    measure,
  );

export const stockKey = (gruppo: string, measure: string, cell?: readonly [string, string]) =>
  figureKey(
    'stock',
    { gruppo_cittadinanza: gruppo === 'TOTALE' ? null : gruppo, ...(cell ? { [cell[0]]: cell[1] } : {}) },
    measure,
  );

/** Flags (lavoratori_a_rischio counts flags by reason) of a province and reason; null: all. */
export const flagsKey = (provincia: string | null, motivo: string | null = null) =>
  figureKey('rischio', { provincia, motivo }, 'lavoratori');

/**
 * Flagged workers as people (distinct workers, rischio_lavoratori.sql) of a province (null:
 * all), and those of them with both flags: report figures, not ORIM cells, keyed so that the
 * tables showing them agree.
 */
export const flaggedPeopleKey = (provincia: string | null) => figureKey('rischio', { provincia }, 'persone');
export const twoFlagsKey = (provincia: string | null) => figureKey('rischio', { provincia }, 'con_due_segnalazioni');

export const inpsKey = (pairs: {
  gruppo_cittadinanza?: string | null;
  provincia?: string | null;
  prestazione?: string | null;
}) => figureKey('inps', pairs, 'beneficiari');

export const istatKey = (pairs: { gruppo_cittadinanza?: string | null; provincia?: string | null }) =>
  figureKey('istat', pairs, 'residenti');

/**
 * The registry of a report, seeded with what the ORIM tables of the same run publish
 * (every figure of their audit, withheld or shown). The region's report takes the keys
 * as they are. A province edition shows the figures of its province: each ORIM figure of
 * that province under its key and under the key without the province (the edition's
 * totals are the province's); figures of other provinces and of the region are not its own.
 */
export function seedRegistry(figures: ReadonlyMap<string, boolean> | undefined, province?: string): Published {
  const published: Published = new Map();
  if (!figures) return published;
  for (const [key, withheld] of figures) {
    if (!province) {
      published.set(key, withheld);
      continue;
    }
    const { family, pairs, measure } = parseFigureKey(key);
    if (pairs.provincia !== province) continue;
    published.set(key, withheld);
    const { provincia: _, ...rest } = pairs;
    published.set(figureKey(family, rest, measure), withheld);
  }
  return published;
}
