import type { Semester } from '../../marts/orimTables.js';
import { semesterLabel } from '../../marts/report/semesters.js';

/**
 * The words the report's sections use for its period, in one place: the semi-annual
 * report speaks of the "semestre", the annual report (the same sections over a year,
 * reports/annual/) of the "anno". A section writes `rapporti iniziati ${w.inThe}`,
 * never "nel semestre" itself.
 */
export interface PeriodWording {
  /** "semestre", "anno". */
  noun: string;
  /** "nel semestre", "nell’anno". */
  inThe: string;
  /** "del semestre", "dell’anno". */
  ofThe: string;
  /** "il semestre", "l’anno". */
  the: string;
  /** The period by name, after "nel" or "tutto il": "1° semestre 2025", "2024". */
  label: string;
  /** The period in the page's title: "1° semestre 2025", "rapporto annuale 2024". */
  title: string;
  /** The title of the comparison of the flows with the periods compared. */
  comparedTitle: string;
  /** After "rispetto": "ai semestri di confronto", "all’anno precedente". */
  toCompared: string;
  /** What "per 1.000 residenti" says of a period's flows: " (non annualizzati)" for a semester, nothing for a year. */
  notAnnualised: string;
}

/** The wording of a report's period. */
export function periodWording(period: Semester): PeriodWording {
  if (period.kind === 'year')
    return {
      noun: 'anno',
      inThe: 'nell’anno',
      ofThe: 'dell’anno',
      the: 'l’anno',
      label: semesterLabel(period),
      title: `rapporto annuale ${period.semestre}`,
      comparedTitle: 'Confronto con l’anno precedente',
      toCompared: 'all’anno precedente',
      notAnnualised: '',
    };
  return {
    noun: 'semestre',
    inThe: 'nel semestre',
    ofThe: 'del semestre',
    the: 'il semestre',
    label: semesterLabel(period),
    title: semesterLabel(period),
    comparedTitle: 'Confronto con il semestre precedente e con lo stesso semestre dell’anno prima',
    toCompared: 'ai semestri di confronto',
    notAnnualised: ' (non annualizzati)',
  };
}

/** "anno" -> "Anno", for a term defined at the start of a line. */
export const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
