import { readScript } from '../db/runScript.js';
import type { FileKind } from './ingestFile.js';
import {
  excelsiorColumns,
  excelsiorCountColumns,
  matchExcelsiorHeader,
  type ExcelsiorHeaderMatch,
} from './excelsiorColumns.js';
import { loadCheckedRows } from './loadCheckedRows.js';
import { numberStyle } from './numberStyle.js';

const checkedSql = readScript(new URL('./checked_excelsior.sql', import.meta.url));
const loadSql = readScript(new URL('./load_excelsior.sql', import.meta.url));

/** Excelsior (Unioncamere) planned hires, into excelsior_entrate. */
export const excelsiorFileKind: FileKind<ExcelsiorHeaderMatch> = {
  kind: 'excelsior',
  tempTables: [],
  matchHeader: matchExcelsiorHeader,
  async load(ctx) {
    const numbers = await numberStyle(ctx, excelsiorCountColumns);
    const stats = await loadCheckedRows(ctx, {
      columns: excelsiorColumns,
      checkedSql,
      macro: 'excelsior_checked',
      loadSql,
      table: 'excelsior_entrate',
      slots: { number_style: numbers.slot, has_provincia: ctx.match.present.has('provincia') ? 'true' : 'false' },
    });
    return { stats, warnings: [...numbers.warnings] };
  },
};
