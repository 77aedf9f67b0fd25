/**
 * The region the reports are written for: their titles say Lombardia, INPS's regional
 * totals are read for it, and `--province all` writes an edition for each of its
 * provinces (reference/province.csv, codice_regione).
 */
export const reportRegion = { codice: '03', nome: 'Lombardia' } as const;
