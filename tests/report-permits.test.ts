import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readText, runCli, writeFile } from './helpers.js';
import { markdownTable } from './reportMarkdown.js';
import { comm, scenarioDb, worker } from './scenarios.js';
import type { CoRow } from './helpers.js';

/**
 * The permits section: ISTAT's residence permits on 1 January by province (the latest
 * year loaded up to the report's), long-term and with an expiry, the share long-term,
 * and the non-EU workers flagged on the semester's last day per 1,000 permits with an
 * expiry. Permits are shown as ISTAT publishes them; flagged workers go through the
 * small-count rule, with the flags of the risk section beside them. 2025-H1: the flags of
 * 2025-06-30, horizon W = 2025-06-30..2025-09-28. Every figure worked out by hand.
 */
const header =
  'DATAFLOW,FREQ,REF_AREA,DATA_TYPE,SEX,MOSTREL_CCITENSHIP,TYPE_RES_PERMIT_REASON,TYPE_RES_PERMIT,AGE,MARITAL_STATUS,TIME_PERIOD,OBS_VALUE';
/** Permits of both sexes, every reason and age, all non-EU citizens (WORLD), as ISTAT's PERMSOGG flow writes them. */
const permit = (area: string, type: 'LONGT' | 'NLONGT', year: number, n: number) =>
  `IT1:29_348_DF_DCIS_PERMSOGG1_4(1.0),A,${area},RESPER,9,WORLD,ALL,${type},TOTAL,99,${year},${n}`;

const BRESCIA = '017029';
const MONZA = '108033';
/** A worker whose fixed-term contract ends in W: flagged CONTRACT_ENDING, once. */
const ending = (id: string, comune: string) =>
  comm(worker(id), { data_inizio: '2025-03-01', data_fine: '2025-08-31', sede_comune: comune, datore_id: `D${id}` });

async function reportOf(rows: CoRow[], permits: string[], province?: string) {
  const { dir, db } = await scenarioDb(rows);
  const file = writeFile(dir, 'permessi.csv', `${[header, ...permits].join('\n')}\n`);
  const ingest = await runCli(['--db', db, 'ingest', 'istat', file], {});
  expect(ingest.code, ingest.stderr).toBe(0);
  const out = path.join(dir, province ?? 'LOM');
  const run = await runCli(
    [
      '--db',
      db,
      'report',
      'semiannual',
      '--semester',
      '2025-H1',
      ...(province ? ['--province', province] : []),
      '--allow-partial',
      '--out',
      out,
    ],
    {},
  );
  expect(run.code, run.stderr).toBe(0);
  return { md: readText(path.join(out, 'report.md')), out };
}

const permitTitle = 'Permessi di soggiorno al 1° gennaio 2024 (ultimo dato disponibile), per provincia e tipo';
const permitColumns = [
  'Provincia',
  'Permessi di lungo periodo',
  'Permessi con scadenza',
  'Totale permessi',
  'Quota di lungo periodo (%)',
];
const ratioTitle =
  'Lavoratori non UE segnalati al 2025-06-30 per 1.000 permessi con scadenza al 2024-01-01, per provincia';
const ratioColumns = [
  'Provincia',
  'Permessi con scadenza',
  'Lavoratori segnalati (persone)',
  'Segnalati per 1.000 permessi con scadenza',
];

describe('report section: residence permits and flagged workers per 1,000 permits with an expiry', () => {
  // 6 workers in Milano and 7 in Brescia, each flagged once (contract ending in W)
  const flagged = [
    ...Array.from({ length: 6 }, (_, i) => ending(`M${i}`, '015146')),
    ...Array.from({ length: 7 }, (_, i) => ending(`B${i}`, BRESCIA)),
  ];
  // 1 January 2024, the latest up to 2025 (2023 is older); Como's permits are small and shown as they are
  const permits = [
    permit('ITC45', 'LONGT', 2023, 1),
    permit('ITC45', 'NLONGT', 2023, 1),
    permit('ITC45', 'LONGT', 2024, 300),
    permit('ITC45', 'NLONGT', 2024, 1200),
    permit('ITC47', 'LONGT', 2024, 500),
    permit('ITC47', 'NLONGT', 2024, 700),
    permit('ITC42', 'LONGT', 2024, 3),
    permit('ITC42', 'NLONGT', 2024, 2),
    permit('IT108', 'LONGT', 2024, 100),
    permit('IT108', 'NLONGT', 2024, 400),
  ];

  it('gives permits by type and the share long-term, and flagged workers per 1,000 permits with an expiry', async () => {
    const { md, out } = await reportOf(flagged, permits);
    expect(markdownTable(md, permitTitle)).toEqual([
      permitColumns,
      ['Brescia', '500', '700', '1.200', '41,7%'], // 500 / 1200 = 41.67 %
      ['Como', '3', '2', '5', '60,0%'], // small, and shown: ISTAT's figures
      ['Monza e della Brianza', '100', '400', '500', '20,0%'],
      ['Milano', '300', '1.200', '1.500', '20,0%'], // 300 / 1500
      ['Totale', '903', '2.302', '3.205', '28,2%'], // 903 / 3205 = 28.17 %
    ]);
    expect(markdownTable(md, ratioTitle)).toEqual([
      ratioColumns,
      ['Brescia', '700', '7', '10,0'], // 7 / 700 x 1000 = 10
      ['Como', '2', '0', '0,0'], // no flagged worker: a rate of 0, not n.d.
      ['Monza e della Brianza', '400', '0', '0,0'],
      ['Milano', '1.200', '6', '5,0'], // 6 / 1200 x 1000 = 5
      ['Totale', '2.302', '13', '5,6'], // 13 / 2302 x 1000 = 5.65
    ]);
    expect(md).toContain('Fonte: ISTAT, permessi di soggiorno dei cittadini non comunitari');
    expect(md).toContain(
      'Fonte: elaborazioni su Comunicazioni Obbligatorie, Regione Lombardia, e ISTAT, permessi di soggiorno',
    );
    // ISTAT's figures, not counts of our records: the ORIM table shows Como's 3 and 2 too
    const orim = readText(path.join(out, 'tables', 'istat_permessi.csv'));
    expect(orim).toContain('2024-01-01,CO,013,CON_SCADENZA,2,false');
    expect(orim).toContain('2024-01-01,CO,013,LUNGO_PERIODO,3,false');
  });

  it("shows a province's own rows in a province report", async () => {
    const { md } = await reportOf(flagged, permits, 'MI');
    expect(markdownTable(md, permitTitle)).toEqual([permitColumns, ['Milano', '300', '1.200', '1.500', '20,0%']]);
    expect(markdownTable(md, ratioTitle)).toEqual([ratioColumns, ['Milano', '1.200', '6', '5,0']]);
  });

  it('withholds the flagged workers of a province whose flags would give its workers with two flags away; no ratio for Milano with Monza', async () => {
    // Milano: A0..A5 with a contract ending in W (CONTRACT_ENDING), A0 and A1 also with a permit
    // expiring in W (PERMIT_AT_RISK, EXPIRING_CONTRACT_ENDING); E0..E4 in an open-ended job with
    // a permit expired on 2025-05-31 (EXPIRED). Flags 6 + 2 + 5 = 13, people 11, with two flags 2.
    // Brescia: 7 workers flagged once (contract ending). Monza: 5 (contract ending).
    const rows = [
      ...Array.from({ length: 6 }, (_, i) =>
        comm(worker(`A${i}`, i < 2 ? { scadenza_permesso: '2025-08-15' } : {}), {
          data_inizio: '2025-03-01',
          data_fine: '2025-08-31',
          datore_id: `DA${i}`,
        }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        comm(worker(`E${i}`, { scadenza_permesso: '2025-05-31' }), {
          data_inizio: '2024-01-08',
          tipo_contratto: 'A.01.00',
          datore_id: `DE${i}`,
        }),
      ),
      ...Array.from({ length: 7 }, (_, i) => ending(`B${i}`, BRESCIA)),
      ...Array.from({ length: 5 }, (_, i) => ending(`Z${i}`, MONZA)),
    ];
    // ISTAT's 2009 list of provinces: Milano includes Monza, which has no row
    const list2009 = [
      permit('ITC45', 'LONGT', 2024, 400),
      permit('ITC45', 'NLONGT', 2024, 1600),
      permit('ITC47', 'LONGT', 2024, 500),
      permit('ITC47', 'NLONGT', 2024, 700),
    ];
    const { md } = await reportOf(rows, list2009);
    expect(markdownTable(md, permitTitle)).toEqual([
      permitColumns,
      ['Brescia', '500', '700', '1.200', '41,7%'],
      ['Milano', '400', '1.600', '2.000', '20,0%'],
      ['Totale', '900', '2.300', '3.200', '28,1%'], // 900 / 3200 = 28.125 %
    ]);
    // The flags table shows Milano's 13 flags (its withheld cells, 6 and 2, keep 8 between them),
    // so Milano's 11 people would give its 2 workers with two flags away: withheld. The
    // region's 2 workers with two flags withhold its 23 people in the risk section
    // (flags 6 + 2 + 5 + 7 + 5 = 25 shown), and so here. Brescia: 7 flags, none twice.
    expect(markdownTable(md, ratioTitle)).toEqual([
      ratioColumns,
      ['Brescia', '700', '7', '10,0'],
      // Monza has no permits of its own; Milano's include them: no ratio for either
      ['Monza e della Brianza', 'n.d.', '5', 'n.d.'],
      ['Milano', '1.600', 'n.p.', 'n.d.'],
      // the flagged workers are withheld, and so is their ratio
      ['Totale', '2.300', 'n.p.', 'n.p.'],
    ]);
    expect(markdownTable(md, 'Lavoratori non UE segnalati al 2025-06-30: persone e segnalazioni')).toEqual([
      ['Territorio', 'Lavoratori segnalati (persone)', 'di cui con due segnalazioni', 'Segnalazioni'],
      ['Lombardia', 'n.p.', 'n.p.', '25'],
    ]);
    expect(md).toContain('Milano comprende Monza e della Brianza (elenco delle province del 2009)');
  });

  it("gives no region's ratio when a province with flagged workers has no permits", async () => {
    // Brescia's 7 flagged workers have no permits to be divided by: the region's 2.302 would not hold them
    const { md } = await reportOf(flagged, [
      permit('ITC45', 'LONGT', 2024, 300),
      permit('ITC45', 'NLONGT', 2024, 1200),
      permit('IT108', 'LONGT', 2024, 100),
      permit('IT108', 'NLONGT', 2024, 400),
    ]);
    expect(markdownTable(md, ratioTitle)).toEqual([
      ratioColumns,
      ['Brescia', 'n.d.', '7', 'n.d.'],
      ['Monza e della Brianza', '400', '0', '0,0'],
      ['Milano', '1.200', '6', '5,0'],
      ['Totale', '1.600', '13', 'n.d.'],
    ]);
  });

  it('says in one paragraph, without tables, that no permits are loaded up to the report year', async () => {
    const { md } = await reportOf(flagged, [permit('ITC45', 'LONGT', 2026, 300)]);
    const section = md.slice(md.indexOf('## Permessi di soggiorno'), md.indexOf('## Qualità'));
    expect(section).toContain('Nessun dato ISTAT sui permessi di soggiorno caricato fino al 1° gennaio 2025.');
    expect(section).not.toContain('###');
  });
});
