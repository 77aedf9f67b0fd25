import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { coColumns } from '../ingest/coColumns.js';
import { syntheticCf, syntheticPartitaIva } from './codiceFiscale.js';
import {
  atecoCrosswalk,
  atecoWeights,
  citizenshipWeights,
  euCodes,
  freeMovementCodes,
  lombardComuni,
  provinceWeights,
  qualificheByAteco,
  type Comune,
} from './lombardy.js';
import { Prng } from './prng.js';
import { ContextExtracts } from './contextExtracts.js';

export interface GenerateCoOptions {
  workers: number;
  /** First and last month of data_invio, YYYY-MM. */
  from: string;
  to: string;
  seed: string;
  out: string;
  /** cf: raw codici fiscali (need a pseudonym key at ingest); id: upstream pseudonymised ids. */
  identifiers: 'cf' | 'id';
  onProgress?: (workersDone: number) => void;
}

export interface GenerateCoResult {
  files: string[];
  /** INPS and ISTAT extracts consistent with the CO data. */
  contextFiles: string[];
  rows: number;
}

type Row = Partial<Record<(typeof coColumns)[number], string>>;
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const monthKey = (t: number) => new Date(t).toISOString().slice(0, 7);

interface Employer {
  id: string;
  province: string;
  comune: Comune;
  ateco: string;
  seasonal: boolean;
}

/** Monthly files with a small buffer each, flushed synchronously: memory stays flat at any size. */
class MonthFiles {
  private readonly fds = new Map<string, number>();
  private readonly buffers = new Map<string, string[]>();
  private readonly sizes = new Map<string, number>();
  rows = 0;

  constructor(
    private readonly dir: string,
    readonly months: string[],
    columns: readonly string[],
  ) {
    mkdirSync(dir, { recursive: true });
    for (const m of months) {
      const fd = openSync(this.file(m), 'w');
      writeSync(fd, `${columns.join(';')}\n`);
      this.fds.set(m, fd);
      this.buffers.set(m, []);
      this.sizes.set(m, 0);
    }
  }

  file(month: string) {
    return path.join(this.dir, `co_${month}.csv`);
  }

  write(month: string, line: string) {
    const buffer = this.buffers.get(month);
    if (!buffer) return;
    buffer.push(line);
    this.rows++;
    const size = this.sizes.get(month)! + line.length;
    if (size > 1 << 20) this.flush(month);
    else this.sizes.set(month, size);
  }

  private flush(month: string) {
    const buffer = this.buffers.get(month)!;
    if (buffer.length) writeSync(this.fds.get(month)!, `${buffer.join('\n')}\n`);
    this.buffers.set(month, []);
    this.sizes.set(month, 0);
  }

  close() {
    for (const m of this.months) {
      this.flush(m);
      closeSync(this.fds.get(m)!);
    }
  }
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let d = new Date(`${from}-01T00:00:00Z`); monthKey(d.getTime()) <= to; d.setUTCMonth(d.getUTCMonth() + 1)) {
    months.push(monthKey(d.getTime()));
  }
  return months;
}

/**
 * Writes monthly CO extracts (co_YYYY-MM.csv, by month of data_invio) for a
 * synthetic Lombard workforce, worker by worker: hires mostly fixed-term with
 * proroghe, transformations and cessations (or none, when a term simply expires),
 * a few rettifiche and annullamenti, repeats in the next month's extract, and
 * non-EU workers with permits (expired, in renewal, long-term, placeholders).
 */
export function generateCo(options: GenerateCoOptions): GenerateCoResult {
  const rng = new Prng(options.seed);
  const months = monthsBetween(options.from, options.to);
  // One identifier variant per extract: raw codici fiscali, or upstream pseudonymised ids.
  const skip = options.identifiers === 'cf' ? ['lavoratore_id', 'datore_id'] : ['lavoratore_cf', 'datore_cf'];
  const columns = coColumns.filter((c) => !skip.includes(c));
  const files = new MonthFiles(options.out, months, columns);
  const windowStart = Date.parse(`${options.from}-01T00:00:00Z`);
  const windowEnd = Date.parse(`${months.at(-1)}-01T00:00:00Z`) + 31 * DAY;
  const comuni = lombardComuni();
  const crosswalk = atecoCrosswalk();
  const employers: Employer[] = Array.from({ length: Math.max(20, Math.ceil(options.workers / 6)) }, (_, i) => {
    const province = rng.weighted(provinceWeights);
    const ateco = rng.weighted(atecoWeights);
    return {
      id: options.identifiers === 'cf' ? syntheticPartitaIva(i + 1) : `DAT${String(i + 1).padStart(7, '0')}`,
      province,
      comune: rng.pick(comuni.get(province)!),
      ateco,
      seasonal: ateco.startsWith('01'),
    };
  });
  let sequence = 0;
  const context = new ContextExtracts();

  for (let w = 0; w < options.workers; w++) {
    const citizenship = rng.weighted(citizenshipWeights);
    const sex = rng.chance(0.45) ? 'F' : 'M';
    const birth = windowStart - rng.int(18 * 365, 62 * 365) * DAY;
    const italian = citizenship.code === '000';
    const birthplace = italian ? rng.pick(comuni.get(rng.weighted(provinceWeights))!).belfiore : citizenship.belfiore;
    const workerId =
      options.identifiers === 'cf'
        ? syntheticCf(w + 1, new Date(birth), sex, birthplace)
        : `LAV${String(w + 1).padStart(9, '0')}`;
    const needsPermit = !euCodes.has(citizenship.code) && !freeMovementCodes.has(citizenship.code);
    // Permit: document, reason and expiry; some renew when it expires, some do not.
    const doc = needsPermit
      ? rng.weighted([
          ['1', 62],
          ['7', 20],
          ['3', 8],
          ['4', 4],
          ['5', 3],
          ['2', 3],
        ] as const)
      : '';
    const seasonalWorker = needsPermit && doc === '1' && rng.chance(0.08);
    const motivo = !needsPermit
      ? ''
      : doc === '7'
        ? 'CSST1'
        : seasonalWorker
          ? 'LASTA'
          : rng.weighted([
              ['LAVOR', 60],
              ['FAMIG', 20],
              ['LAVO3', 6],
              ['STUDI', 4],
              ['ASIL2', 3],
              ['LAVAU', 2],
            ] as const);
    let expiry =
      doc === '4'
        ? Date.parse('1900-01-01')
        : doc === '5'
          ? Date.parse('2099-12-31')
          : doc === '7'
            ? NaN
            : windowStart + rng.int(-180, 900) * DAY;
    const renews = rng.chance(0.6);
    const cittadinanza = italian && rng.chance(0.05) ? '100' : citizenship.code;
    const group = italian ? 'ITA' : euCodes.has(citizenship.code) ? 'UE' : 'NUE';
    let counted = false;
    const birthIso = iso(birth);

    const emit = (invio: number, row: Row, conflictOk = true) => {
      if (invio < windowStart || invio >= windowEnd) return;
      const month = monthKey(invio);
      while (needsPermit && renews && Number.isFinite(expiry) && doc !== '4' && doc !== '5' && expiry < invio)
        expiry += 730 * DAY;
      const full: Row = {
        tipo_comunicazione: 'ORD',
        data_invio: `${iso(invio)} ${String(rng.int(8, 18)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00`,
        [options.identifiers === 'cf' ? 'lavoratore_cf' : 'lavoratore_id']: workerId,
        sesso: sex,
        data_nascita: birthIso,
        cittadinanza,
        titolo_soggiorno: doc,
        motivo_permesso: motivo,
        scadenza_permesso: needsPermit && Number.isFinite(expiry) ? iso(expiry) : '',
        ...row,
      };
      const line = columns.map((c) => full[c] ?? '').join(';');
      files.write(month, line);
      // Overlapping extracts: the next month's file repeats some communications,
      // rarely with a changed field (a conflicting repeat, R2).
      const next = months[months.indexOf(month) + 1];
      if (next && rng.chance(0.08)) {
        files.write(
          next,
          conflictOk && rng.chance(0.01)
            ? columns.map((c) => (c === 'qualifica' ? '9.9.9.9.9.9' : (full[c] ?? ''))).join(';')
            : line,
        );
      }
    };

    let t = windowStart - rng.int(0, 540) * DAY + rng.int(0, Math.max(1, (windowEnd - windowStart) / DAY)) * DAY;
    while (t < windowEnd) {
      const employer = seasonalWorker
        ? (employers.find((e) => e.seasonal) ?? rng.pick(employers))
        : rng.pick(employers);
      if (!counted && t >= windowStart - 365 * DAY) {
        context.addWorker(employer.province, group, sex, citizenship.code);
        counted = true;
      }
      const contract = seasonalWorker
        ? 'A.02.00'
        : rng.weighted([
            ['A.02.00', 52],
            ['A.01.00', 20],
            ['A.03.09', 7],
            ['A.02.01', 6],
            ['A.05.02', 5],
            ['A.04.02', 5],
            ['N.02.00', 2],
            ['X.99.99', 0.2],
          ] as const);
      const fixedTerm = ['A.02.00', 'A.02.01', 'N.02.00'].includes(contract);
      const start = t;
      const qualifiche = qualificheByAteco[employer.ateco] ?? ['5.2.2.1.0.0'];
      let end = fixedTerm ? start + rng.int(seasonalWorker ? 60 : 30, seasonalWorker ? 180 : 365) * DAY : NaN;
      const base = (evento: string, invio: number): Row => {
        const ateco =
          invio >= Date.parse('2025-04-01') ? (crosswalk.get(employer.ateco) ?? employer.ateco) : employer.ateco;
        return {
          codice_comunicazione: `1703${String(++sequence).padStart(12, '0')}`,
          tipo_evento: evento,
          [options.identifiers === 'cf' ? 'datore_cf' : 'datore_id']: employer.id,
          datore_ateco: rng.chance(0.2) ? ateco.replaceAll('.', '') : ateco,
          sede_comune: rng.chance(0.1) ? employer.comune.belfiore : employer.comune.istat,
          data_inizio: iso(start),
          tipo_contratto: contract,
          tipo_orario: rng.chance(0.7) ? 'F' : 'P',
          // from the worker's number, not the generator: every other column stays as it was
          qualifica: qualifiche[w % qualifiche.length]!,
        };
      };
      // Hire, sent the day before it starts (or on the day).
      const assInvio = start - rng.int(0, 3) * DAY;
      const ass = {
        ...base('ASS', assInvio),
        data_fine: Number.isFinite(end) ? iso(end) : '',
        data_evento: iso(start),
      };
      emit(assInvio, ass);
      if (rng.chance(0.004)) {
        // Annullamento: the hire never happened.
        emit(
          assInvio + rng.int(1, 5) * DAY,
          {
            ...ass,
            ...base('ASS', assInvio),
            tipo_comunicazione: 'ANN',
            codice_comunicazione_prec: ass.codice_comunicazione,
          },
          false,
        );
        t = start + rng.int(5, 60) * DAY;
        continue;
      }
      if (rng.chance(0.012) && Number.isFinite(end)) {
        // Rettifica of the planned end.
        end += 30 * DAY;
        emit(
          assInvio + rng.int(2, 10) * DAY,
          {
            ...ass,
            codice_comunicazione: base('ASS', assInvio).codice_comunicazione,
            tipo_comunicazione: 'RET',
            codice_comunicazione_prec: ass.codice_comunicazione,
            data_fine: iso(end),
          },
          false,
        );
      }
      let openEnded = !fixedTerm;
      let ceased = NaN;
      // Later events of a rapporto come after its last proroga, so the data stay coherent.
      let lastEvent = start;
      if (fixedTerm) {
        for (let p = 0; p < 2 && rng.chance(p === 0 ? 0.35 : 0.3); p++) {
          const invio = end - rng.int(1, 10) * DAY;
          end += rng.int(30, 180) * DAY;
          lastEvent = invio + DAY;
          emit(invio, { ...base('PRO', invio), data_fine: iso(end), data_evento: iso(lastEvent) });
        }
        if (!seasonalWorker && rng.chance(0.12)) {
          const when = lastEvent + Math.floor(((end - lastEvent) * rng.next()) / DAY) * DAY;
          emit(when, {
            ...base('TRS', when),
            tipo_contratto: 'A.01.00',
            codice_trasformazione: 'DI',
            data_fine: '',
            data_evento: iso(when),
          });
          openEnded = true;
          end = NaN;
          lastEvent = when;
        } else if (rng.chance(0.15)) {
          ceased = lastEvent + Math.floor(((end - lastEvent) * rng.next()) / DAY) * DAY;
        }
      }
      if (openEnded && rng.chance(0.55)) ceased = lastEvent + rng.int(60, 1400) * DAY;
      if (Number.isFinite(ceased)) {
        const invio = ceased + rng.int(0, 5) * DAY;
        const reason = rng.weighted([
          ['DI', 45],
          ['LI', 18],
          ['GM', 10],
          ['LC', 5],
          ['RC', 10],
          ['PE', 4],
          ['SC', 3],
          ['DP', 4],
          ['ZZ', 0.5],
        ] as const);
        emit(invio, {
          ...base('CES', invio),
          motivo_cessazione: reason,
          data_fine: Number.isFinite(end) ? iso(end) : '',
          data_evento: iso(ceased),
        });
        end = ceased;
      }
      if (!Number.isFinite(end)) break; // still employed open-ended at the end of the window
      if (end >= windowStart && end < windowEnd) context.addCessation(new Date(end), employer.province, group, sex);
      t = end + (rng.chance(0.12) ? rng.int(180, 420) : rng.int(1, 150)) * DAY;
    }
    if (options.onProgress && w % 10_000 === 0) options.onProgress(w);
  }
  files.close();
  const semesters = [...new Set(months.map((m) => `${m.slice(0, 4)}-H${Number(m.slice(5, 7)) <= 6 ? 1 : 2}`))];
  const contextFiles = context.write(
    options.out,
    Number(options.from.slice(0, 4)),
    Number(options.to.slice(0, 4)),
    semesters,
  );
  return { files: months.map((m) => files.file(m)), contextFiles, rows: files.rows };
}
