// The analyst's peer of the benchmark (issue 16): the core flows written by hand with
// polars (nodejs-polars), from the same CO extracts the pipeline ingests. It reads the
// extracts, keeps one row per communication (R2: the latest file's), applies annulments
// and rectifications (R1), takes each worker's citizenship from the latest effective
// communication (R7) and its group on the event date (R6), and counts per semester,
// province and citizenship group the activations (effective hires starting in the
// semester) and the cessations (rapporti ended in it: the earliest CES of a rapporto,
// else its planned end once the data reach it, R3-R5). `npm run bench` runs it and
// checks that its figures are the pipeline's (co_flussi_contratto summed over the
// contract groups). Prints one JSON line: { seconds, rows, flows: [...] }.
//
// node scripts/bench-polars.mjs CSV_DIR SEMESTER... (e.g. 2025-H1 2024-H2)
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pl from 'nodejs-polars';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [dir, ...semesters] = process.argv.slice(2);
if (!dir || semesters.length === 0) {
  console.error('usage: node scripts/bench-polars.mjs CSV_DIR SEMESTER... (e.g. 2025-H1)');
  process.exit(2);
}
const t0 = performance.now();
const col = pl.col;
const text = (file, sep) => pl.readCSV(file, { sep, inferSchemaLength: 0 });

// the extracts in the order they are ingested (by name: co_YYYY-MM.csv), each row with its place
const files = readdirSync(dir)
  .filter((f) => /^co_\d{4}-\d{2}\.csv$/.test(f))
  .sort();
const all = pl.concat(
  files.map((f, i) => {
    const df = text(path.join(dir, f), ';');
    return df.withRowCount('line').withColumns(pl.lit(i).alias('file'));
  }),
  { how: 'diagonal' },
);
const rows = all.height;

// R2: a code sent again counts once, the latest file's version
const unique = all
  .sort(['file', 'line'])
  .groupBy('codice_comunicazione')
  .agg(pl.all().exclude('codice_comunicazione').last())
  .withColumns(
    pl
      .concatString([col('file').cast(pl.Utf8).str.zFill(6), col('line').cast(pl.Utf8).str.zFill(12)], '')
      .alias('ingest'),
  );

// R1: a chain is an ORD and every RET/ANN pointing to it (directly or through another member)
const codes = unique.select('codice_comunicazione');
const links = unique
  .filter(col('tipo_comunicazione').isIn(['RET', 'ANN']))
  .select(col('codice_comunicazione').alias('codice'), col('codice_comunicazione_prec').alias('radice'))
  .join(codes, { leftOn: 'radice', rightOn: 'codice_comunicazione', how: 'inner' });
let roots = links;
for (let depth = 0; depth < 100; depth++) {
  const up = roots.join(links.select(col('codice').alias('radice'), col('radice').alias('su')), {
    on: 'radice',
    how: 'left',
  });
  if (up.filter(col('su').isNotNull()).height === 0) break;
  roots = up.select('codice', pl.when(col('su').isNotNull()).then(col('su')).otherwise(col('radice')).alias('radice'));
}
const chained = unique
  .join(roots.rename({ codice: 'codice_comunicazione' }), { on: 'codice_comunicazione', how: 'left' })
  // an orphan ANN is ignored; an orphan RET is ordinary
  .filter(col('tipo_comunicazione').neq(pl.lit('ANN')).or(col('radice').isNotNull()))
  .withColumns(col('radice').fillNull(col('codice_comunicazione')).alias('catena'));
const effective = chained
  .sort(['data_invio', 'ingest'])
  .groupBy('catena')
  .agg(
    pl.all().exclude('catena').last(),
    col('tipo_comunicazione').eq(pl.lit('ANN')).cast(pl.Int32).max().alias('annullata'),
  )
  .filter(col('annullata').eq(pl.lit(0)));

// the province of the workplace (ISTAT or cadastral code), the EU membership of a country
const comuni = text(path.join(root, 'reference', 'comuni.csv'), ',').select(
  col('codice').alias('sede_comune'),
  'provincia',
);
const paesi = text(path.join(root, 'reference', 'paesi.csv'), ',').select(
  col('codice').alias('cittadinanza'),
  'ue_dal',
  'ue_al',
);
// an extract names workers and employers by codice fiscale or by upstream id
const named = (kind) => col(all.columns.includes(`${kind}_cf`) ? `${kind}_cf` : `${kind}_id`);
const worker = named('lavoratore');
const employer = named('datore');
const comms = effective
  .withColumns(worker.alias('lavoratore'), employer.alias('datore'))
  .join(comuni, { on: 'sede_comune', how: 'left' })
  .withColumns(pl.concatString([col('data_evento'), col('data_invio'), col('ingest')], '|').alias('ordine'));

// R7: the worker's citizenship from the latest effective communication
const workers = comms.sort('ordine').groupBy('lavoratore').agg(col('cittadinanza').last());
// R6: the group on a day
const group = (day) =>
  pl
    .when(col('cittadinanza').isIn(['000', '100']))
    .then(pl.lit('ITA'))
    .when(
      // (an empty field reads as null)
      col('ue_dal')
        .isNotNull()
        .and(col('ue_dal').lessThanEquals(day))
        .and(col('ue_al').isNull().or(col('ue_al').greaterThanEquals(day))),
    )
    .then(pl.lit('UE'))
    .otherwise(pl.lit('NUE'));

// R3-R5: per rapporto the earliest CES and the planned end of the latest ASS/PRO/TRS
const key = ['lavoratore', 'datore', 'data_inizio'];
const ces = comms
  .filter(col('tipo_evento').eq(pl.lit('CES')))
  .sort('ordine')
  .groupBy(key)
  .agg(col('data_evento').first().alias('giorno'), col('provincia').first());
const planned = comms
  .filter(col('tipo_evento').isIn(['ASS', 'PRO', 'TRS']))
  .sort('ordine')
  .groupBy(key)
  .agg(col('data_fine').last().alias('fine_prevista'));
const latest = comms.sort('ordine').groupBy(key).agg(col('provincia').last());
const lastDay = comms.select(col('data_invio').str.slice(0, 10).max()).getColumn('data_invio').get(0);
const implied = latest
  .join(planned, { on: key, how: 'inner' })
  .join(ces.select(...key, pl.lit(true).alias('con_ces')), { on: key, how: 'left' })
  .filter(
    col('con_ces')
      .isNull()
      .and(col('fine_prevista').isNotNull())
      .and(col('fine_prevista').lessThanEquals(pl.lit(lastDay))),
  )
  .select(...key, col('fine_prevista').alias('giorno'), 'provincia');

const events = pl.concat(
  [
    comms
      .filter(col('tipo_evento').eq(pl.lit('ASS')))
      .select('lavoratore', col('data_inizio').alias('giorno'), 'provincia', pl.lit('attivazioni').alias('misura')),
    ces.select('lavoratore', 'giorno', 'provincia', pl.lit('cessazioni').alias('misura')),
    implied.select('lavoratore', 'giorno', 'provincia', pl.lit('cessazioni').alias('misura')),
  ],
  { how: 'vertical' },
);
const semester = (s) => {
  const [year, half] = s.split('-H');
  return half === '1' ? [`${year}-01-01`, `${year}-06-30`] : [`${year}-07-01`, `${year}-12-31`];
};
const flows = semesters.flatMap((s) => {
  const [from, to] = semester(s);
  const counted = events
    .filter(
      col('giorno')
        .greaterThanEquals(pl.lit(from))
        .and(col('giorno').lessThanEquals(pl.lit(to))),
    )
    .join(workers, { on: 'lavoratore', how: 'left' })
    .join(paesi, { on: 'cittadinanza', how: 'left' })
    .withColumns(group(col('giorno')).alias('gruppo_cittadinanza'))
    .groupBy(['provincia', 'gruppo_cittadinanza', 'misura'])
    .agg(col('giorno').count().alias('n'))
    .sort(['provincia', 'gruppo_cittadinanza', 'misura']);
  return counted.toRecords().map((r) => ({ semestre: s, ...r, n: Number(r.n) }));
});
const seconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    seconds,
    rows,
    flows,
  }),
);
