import type { Labels } from '../page/labels.js';
import { semesterLabel, type SemesterCoverage } from '../../marts/report/semesters.js';

/**
 * The warning a report of a semester the data do not cover opens with (written only
 * with --allow-partial), above the headline figures so that no one reads them as
 * final: which months are missing and which are thin, for the region or the province.
 * Undefined when the data cover the semester.
 */
export function coverageWarning(c: SemesterCoverage, labels: Labels): string | undefined {
  if (c.covered) return undefined;
  const where = c.province ? ` per la provincia di ${labels.provincia(c.province)}` : '';
  const gaps = [
    ...(c.missing.length
      ? [
          `${c.missing.length === 1 ? 'manca il mese' : 'mancano i mesi'} ${c.missing.join(', ')} (nessuna comunicazione)`,
        ]
      : []),
    ...(c.thin.length
      ? [
          `${c.thin.length === 1 ? 'è scarso il mese' : 'sono scarsi i mesi'} ${c.thin.join(', ')} ` +
            '(meno della metà delle comunicazioni del mese mediano dei dati)',
        ]
      : []),
  ];
  return (
    `**Attenzione: dati incompleti.** I dati CO caricati non coprono tutto il ${semesterLabel(c.semester)}${where}: ` +
    `${gaps.join('; ')}. Le cifre di questo rapporto sono parziali e non vanno lette né diffuse come definitive.`
  );
}
