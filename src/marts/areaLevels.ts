import type { Database } from '../db/Database.js';

/**
 * The areas the flag list and the crisis basins are counted by (--by): the province of
 * the workplace, as the CO give it, or the employment centre (CPI) or the social
 * district (ambito territoriale) of its municipality, as the region's mapping
 * ref_aree_comuni gives them (aree.sql).
 */
export const areaLevels = ['provincia', 'cpi', 'ambito'] as const;
export type AreaLevel = (typeof areaLevels)[number];

/** An area below the province: the CPI or the ambito, by the region's mapping. */
export type AreaBelowProvince = Exclude<AreaLevel, 'provincia'>;

/** The columns an area below the province is written in: cpi_codice, cpi_nome (or ambito_codice, ambito_nome). */
export const areaColumns = (by: AreaBelowProvince) => ({ codice: `${by}_codice`, nome: `${by}_nome` });

/**
 * The levels below the province the region's mapping gives (ref_aree_comuni): both the
 * CPI and the ambito when it has a row (each row names both), none when the region
 * supplied no mapping (the shipped table is its header only). The tables by these areas
 * are decided with those by province (the ORIM tables, the crisis basins of a date).
 */
export async function mappedAreaLevels(db: Database): Promise<AreaBelowProvince[]> {
  return (await db.one('SELECT 1 AS ok FROM main.ref_aree_comuni LIMIT 1')) ? ['cpi', 'ambito'] : [];
}
