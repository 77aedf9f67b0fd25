/**
 * The areas the flag list and the crisis basins are counted by (--by): the province of
 * the workplace, as the CO give it, or the employment centre (CPI) or the social
 * district (ambito territoriale) of its municipality, as the region's mapping
 * ref_aree_comuni gives them (aree.sql).
 */
export const areaLevels = ['provincia', 'cpi', 'ambito'] as const;
export type AreaLevel = (typeof areaLevels)[number];

/** The columns an area below the province is written in: cpi_codice, cpi_nome (or ambito_codice, ambito_nome). */
export const areaColumns = (by: Exclude<AreaLevel, 'provincia'>) => ({ codice: `${by}_codice`, nome: `${by}_nome` });
