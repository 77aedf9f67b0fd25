import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { referenceDir } from '../runtime/paths.js';

/** Share of Lombardy's employees by province (approximate, for realistic weights only). */
export const provinceWeights = [
  ['MI', 37],
  ['BS', 12],
  ['BG', 11],
  ['VA', 8],
  ['MB', 8],
  ['CO', 5],
  ['PV', 4.5],
  ['MN', 4],
  ['LC', 3.5],
  ['CR', 3],
  ['LO', 2],
  ['SO', 1.5],
] as const;

/**
 * Citizenships of Lombardy's workers (CO codes: 000 Italy), Italy first, with the
 * Belfiore code of the country of birth used to build synthetic codici fiscali.
 */
export const citizenshipWeights: readonly (readonly [{ code: string; belfiore: string }, number])[] = [
  [{ code: '000', belfiore: '' }, 680],
  [{ code: '235', belfiore: 'Z129' }, 55], // Romania (EU from 2007)
  [{ code: '436', belfiore: 'Z330' }, 30], // Morocco
  [{ code: '201', belfiore: 'Z100' }, 30], // Albania
  [{ code: '419', belfiore: 'Z336' }, 25], // Egypt
  [{ code: '314', belfiore: 'Z210' }, 20], // China
  [{ code: '243', belfiore: 'Z138' }, 15], // Ukraine
  [{ code: '330', belfiore: 'Z222' }, 12], // India
  [{ code: '344', belfiore: 'Z236' }, 12], // Pakistan
  [{ code: '615', belfiore: 'Z611' }, 12], // Peru
  [{ code: '323', belfiore: 'Z216' }, 12], // Philippines
  [{ code: '450', belfiore: 'Z343' }, 10], // Senegal
  [{ code: '609', belfiore: 'Z605' }, 10], // Ecuador
  [{ code: '305', belfiore: 'Z249' }, 8], // Bangladesh
  [{ code: '311', belfiore: 'Z209' }, 8], // Sri Lanka
  [{ code: '254', belfiore: 'Z140' }, 6], // Moldova
  [{ code: '460', belfiore: 'Z352' }, 5], // Tunisia
  [{ code: '443', belfiore: 'Z335' }, 4], // Nigeria
  [{ code: '250', belfiore: 'Z149' }, 2], // Croatia (EU from 2013-07-01)
  [{ code: '219', belfiore: 'Z114' }, 2], // United Kingdom (EU until 2020-01-31)
  [{ code: '241', belfiore: 'Z133' }, 1], // Switzerland (no permit needed)
];

/** EU members (on any date in the generated years): they carry no permit. */
export const euCodes = new Set(['000', '100', '235', '250']);
export const freeMovementCodes = new Set(['241']);

/** Employer activities (ATECO 2007 subcategories) with weights; agriculture hires seasonal workers. */
export const atecoWeights = [
  ['01.13.10', 4],
  ['10.71.10', 3],
  ['25.62.00', 6],
  ['28.29.99', 5],
  ['41.20.00', 7],
  ['43.21.01', 5],
  ['46.90.00', 5],
  ['47.11.20', 7],
  ['49.41.00', 5],
  ['52.10.10', 5],
  ['55.10.00', 4],
  ['56.10.11', 8],
  ['62.01.00', 4],
  ['78.20.00', 6],
  ['81.21.00', 6],
  ['86.10.10', 4],
  ['87.30.00', 4],
  ['97.00.00', 5],
] as const;

/**
 * CP2011 qualifications (the CO's six-part codes, ISTAT's unit plus .0) of the jobs
 * each activity hires for, so that the occupations of the generated hires differ by
 * sector as they do in the data: a worker takes one of the list by its number.
 */
export const qualificheByAteco: Readonly<Record<string, readonly string[]>> = {
  '01.13.10': ['8.3.1.1.0.0', '8.3.1.1.0.0', '6.4.1.1.0.0'],
  '10.71.10': ['6.5.1.2.1.0', '7.3.2.3.3.0', '8.4.3.1.0.0'],
  '25.62.00': ['7.2.1.1.0.0', '6.2.2.3.1.0', '8.4.3.1.0.0'],
  '28.29.99': ['7.2.7.1.0.0', '6.2.3.3.2.0', '4.3.1.2.0.0'],
  '41.20.00': ['6.1.2.1.0.0', '8.4.2.1.0.0', '8.4.2.1.0.0'],
  '43.21.01': ['6.1.3.7.0.0'],
  '46.90.00': ['5.1.2.1.0.0', '4.3.1.2.0.0', '8.1.3.2.0.0'],
  '47.11.20': ['5.1.2.2.0.0', '5.1.2.4.0.0', '8.1.3.2.0.0'],
  '49.41.00': ['7.4.2.3.0.0', '7.4.2.3.0.0', '8.1.3.1.0.0'],
  '52.10.10': ['8.1.3.2.0.0', '7.4.4.4.0.0', '8.1.3.1.0.0'],
  '55.10.00': ['5.2.2.3.1.0', '8.1.4.1.0.0', '4.2.2.2.0.0'],
  '56.10.11': ['5.2.2.1.0.0', '5.2.2.3.2.0', '8.1.4.2.0.0', '5.2.2.4.0.0'],
  '62.01.00': ['2.1.1.4.1.0', '3.1.2.1.0.0', '4.1.1.1.0.0'],
  '78.20.00': ['8.4.3.1.0.0', '7.2.7.4.0.0', '8.1.3.2.0.0', '4.1.1.1.0.0'],
  '81.21.00': ['8.1.4.3.0.0'],
  '86.10.10': ['3.2.1.1.1.0', '5.3.1.1.0.0', '8.1.5.2.0.0'],
  '87.30.00': ['5.3.1.1.0.0', '5.3.1.1.0.0', '8.1.5.2.0.0'],
  '97.00.00': ['5.4.4.3.0.0', '8.2.2.1.0.0', '5.4.4.1.0.0'],
};

export interface Comune {
  istat: string;
  belfiore: string;
}

function readReference(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(referenceDir, file)), { columns: true }) as Record<string, string>[];
}

/** Current Lombard municipalities by province (ISTAT and Belfiore codes). */
export function lombardComuni(): Map<string, Comune[]> {
  const byProvince = new Map<string, Comune[]>();
  for (const row of readReference('comuni.csv')) {
    if (row.tipo_codice !== 'ISTAT' || row.codice_regione !== '03' || row.fonte !== 'ISTAT 2025') continue;
    const list = byProvince.get(row.provincia!) ?? [];
    list.push({ istat: row.codice_istat!, belfiore: row.codice_catastale! });
    byProvince.set(row.provincia!, list);
  }
  return byProvince;
}

/** ATECO 2007 code -> representative ATECO 2025 code (ISTAT crosswalk). */
export function atecoCrosswalk(): Map<string, string> {
  return new Map(readReference('ateco_raccordo_2007_2025.csv').map((r) => [r.codice_2007!, r.codice_2025!]));
}
