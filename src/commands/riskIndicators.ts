import { z } from 'zod';
import { parseSemester } from '../marts/orimTables.js';
import { checkOutputFolder } from '../output/outputFolder.js';
import { writeRiskByArea } from '../output/writeRiskByArea.js';
import { UserError } from '../runtime/errors.js';
import { checkAreas } from './support/checkAreas.js';
import { byOption, minCellOption, outOption, semesterOption } from './support/options.js';
import { parseOptions } from './support/parseOptions.js';
import { printResult } from './support/printResult.js';
import { withDb } from './support/withDb.js';
import type { Deps, GlobalOptions } from './support/context.js';

export const RiskIndicatorsOptions = z.object({
  semester: semesterOption,
  by: byOption,
  minCell: minCellOption,
  out: outOption('DIR'),
});
export type RiskIndicatorsOptions = z.input<typeof RiskIndicatorsOptions> & GlobalOptions;

/**
 * `risk-indicators --by cpi|ambito`: the risk indicators of a semester
 * (docs/risk-indicators.md) by employment centre or ambito territoriale, the area of
 * each workplace by the region's mapping, as a published table with disclosure control:
 * `indicatori_rischio_<by>.csv` and `.parquet` in a folder written whole. By province
 * they are the ORIM table indicatori_rischio of `report semiannual`.
 */
export async function run(options: RiskIndicatorsOptions, deps: Deps): Promise<number> {
  const o = parseOptions('risk-indicators', RiskIndicatorsOptions, options);
  const semester = parseSemester(o.semester);
  if (o.by === 'provincia')
    throw new UserError(
      'risk-indicators --by provincia: by province the indicators are the ORIM table indicatori_rischio, ' +
        'which `report semiannual` writes (tables/indicatori_rischio.csv); give --by cpi or --by ambito here.',
      2,
    );
  const by = o.by;
  checkOutputFolder(o.out, 'risk-indicators');
  return withDb(deps, options, { mustExist: true }, async (db) => {
    await checkAreas(db, 'risk-indicators', by);
    const written = await deps.files.folder(
      o.out,
      { kind: 'risk-indicators', logger: deps.logger, now: deps.now },
      (dir) => writeRiskByArea(db, { semester, by, minCell: o.minCell, logger: deps.logger }, dir),
    );
    const { unmapped } = written;
    deps.logger.info({ semestre: semester.semestre, by, out: o.out, ...written }, 'risk indicators by area written');
    return printResult(
      deps,
      'risk-indicators',
      0,
      {
        semester: semester.semestre,
        by,
        out: o.out,
        rows: written.rows,
        cells: written.cells,
        suppressed: written.suppressed,
        unmapped,
      },
      () =>
        `Risk indicators ${semester.semestre} by ${by === 'cpi' ? 'CPI' : 'ambito'}: ${written.rows} rows (${written.suppressed} of ${written.cells} counts withheld) written to ${o.out}\n` +
        `  Not mapped (area ?): ${unmapped.municipalities} municipalities, ${unmapped.attivazioni} activations, ${unmapped.cessazioni} cessations\n`,
    );
  });
}
