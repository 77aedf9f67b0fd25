import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { referenceDir } from '../runtime/paths.js';

type Group = 'ITA' | 'UE' | 'NUE';
const key = (...parts: (string | number)[]) => parts.join('|');

/**
 * INPS and ISTAT extracts consistent with the generated CO data, from small
 * aggregates collected while the workers are generated (constant memory):
 * NASPI recipients from the cessations of each semester, cassa integrazione from
 * the workforce, and foreign residents from the workers of each province.
 */
export class ContextExtracts {
  /** province|group|sex|citizenship -> workers */
  private readonly workers = new Map<string, number>();
  /** semester|province|group|sex -> cessations */
  private readonly cessations = new Map<string, number>();

  addWorker(province: string, group: Group, sex: string, citizenship: string) {
    const k = key(province, group, sex, citizenship);
    this.workers.set(k, (this.workers.get(k) ?? 0) + 1);
  }

  addCessation(day: Date, province: string, group: Group, sex: string) {
    const semester = `${day.getUTCFullYear()}-H${day.getUTCMonth() < 6 ? 1 : 2}`;
    const k = key(semester, province, group, sex);
    this.cessations.set(k, (this.cessations.get(k) ?? 0) + 1);
  }

  /** Writes inps_beneficiari.csv (long layout) and istat_stranieri_residenti.csv (SDMX-CSV); returns their paths. */
  write(dir: string, firstYear: number, lastYear: number, semesters: string[]): string[] {
    const inps = ['periodo;provincia;prestazione;cittadinanza;sesso;beneficiari;ore_autorizzate'];
    for (const [k, n] of [...this.cessations].sort()) {
      const [semester, province, group, sex] = k.split('|');
      if (!semesters.includes(semester!)) continue;
      // About six in ten people who lose a job draw NASPI.
      inps.push(`${semester};${province};NASPI;${group};${sex};${Math.round(n * 0.6)};`);
    }
    const workforce = new Map<string, number>();
    for (const [k, n] of this.workers) {
      const [province, group, sex] = k.split('|');
      const w = key(province!, group!, sex!);
      workforce.set(w, (workforce.get(w) ?? 0) + n);
    }
    for (const semester of semesters) {
      for (const [k, n] of [...workforce].sort()) {
        const [province, group, sex] = k.split('|');
        const cig = Math.round(n * 0.02);
        if (cig > 0) inps.push(`${semester};${province};CIGO;${group};${sex};${cig};${cig * 120}`);
      }
    }
    const inpsFile = path.join(dir, 'inps_beneficiari.csv');
    writeFileSync(inpsFile, `${inps.join('\n')}\n`);

    // Foreign residents on 1 January: about 2.5 residents per worker (families, people not
    // in employment), by province, sex and country, with the sex totals and Lombardy's
    // totals computed from the same rows, so that totals and parts agree.
    const paesi = parse(readFileSync(path.join(referenceDir, 'paesi.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const iso2 = new Map(paesi.map((p) => [p.codice!, p.iso2!]));
    const nuts = new Map(
      (parse(readFileSync(path.join(referenceDir, 'province.csv')), { columns: true }) as Record<string, string>[]).map(
        (p) => [p.provincia!, p.nuts3!],
      ),
    );
    const istat = ['DATAFLOW,FREQ,ITTER107,SEXISTAT1,ETA1,CITTADINANZA,TIME_PERIOD,OBS_VALUE'];
    const row = (territory: string, sex: string, country: string, year: number, value: number) =>
      `IT1:22_289_DF_DCIS_POPSTRCIT1(1.0),A,${territory},${sex},TOTAL,${country},${year},${value}`;
    for (let year = firstYear; year <= lastYear; year++) {
      const region = new Map<string, number>();
      const byProvince = new Map<string, number>();
      for (const [k, n] of [...this.workers].sort()) {
        const [province, group, sex, citizenship] = k.split('|');
        const country = iso2.get(citizenship!);
        if (group === 'ITA' || !country) continue;
        const residents = Math.round(n * 2.5);
        istat.push(row(nuts.get(province!)!, sex === 'M' ? '1' : '2', country, year, residents));
        const t = key(province!, country);
        byProvince.set(t, (byProvince.get(t) ?? 0) + residents);
        const r = key(sex === 'M' ? '1' : '2', country);
        region.set(r, (region.get(r) ?? 0) + residents);
      }
      for (const [k, n] of byProvince) {
        const [province, country] = k.split('|');
        istat.push(row(nuts.get(province!)!, '9', country!, year, n));
      }
      for (const [k, n] of region) {
        const [sex, country] = k.split('|');
        istat.push(row('ITC4', sex!, country!, year, n));
      }
    }
    const istatFile = path.join(dir, 'istat_stranieri_residenti.csv');
    writeFileSync(istatFile, `${istat.join('\n')}\n`);
    return [inpsFile, istatFile];
  }
}
