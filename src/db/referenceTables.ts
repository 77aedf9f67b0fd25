import { z } from 'zod';

const code = z.string().min(1);
const optional = z.string();
// '?' is the crisis basins' row of the municipalities no area is given for (bacini_crisi.sql)
const areaCode = z
  .string()
  .min(1)
  .refine((v) => v !== '?', "'?' is the code of the municipalities not mapped: give the area's own code");
const isoDate = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'expected YYYY-MM-DD or empty');

/**
 * The reference tables the pipeline loads into DuckDB as ref_<name>: file in
 * reference/, the key a user's override file replaces rows by, and the zod
 * schema every row (shipped or user-supplied) must satisfy.
 */
export const referenceTables = [
  {
    name: 'comuni',
    key: 'codice',
    schema: z.object({
      codice: code,
      tipo_codice: z.enum(['ISTAT', 'BELFIORE']),
      codice_istat: z.string().regex(/^\d{6}$/),
      codice_catastale: optional,
      denominazione: optional,
      provincia: z.string().regex(/^[A-Z]{2}$/),
      codice_provincia: z.string().regex(/^\d{3}$/),
      codice_regione: optional,
      nuts3: optional,
      fonte: optional,
    }),
  },
  {
    name: 'province',
    key: 'provincia',
    schema: z.object({
      provincia: z.string().regex(/^[A-Z]{2}$/),
      codice_provincia: z.string().regex(/^\d{3}$/),
      denominazione: code,
      codice_regione: code,
      regione: code,
      nuts3: optional,
    }),
  },
  {
    name: 'paesi',
    key: 'codice',
    schema: z.object({
      codice: z.string().regex(/^\d{3}$/),
      codice_istat: z.string().regex(/^\d{3}$/),
      nome: optional,
      nome_en: optional,
      iso3: optional,
      iso2: optional,
      ue_dal: isoDate,
      ue_al: isoDate,
      senza_permesso: z.enum(['S', 'N']),
      fonte: optional,
    }),
  },
  {
    name: 'tipologie_contrattuali',
    key: 'codice',
    schema: z.object({
      codice: code,
      descrizione: optional,
      gruppo: z.enum(['TI', 'TD', 'AP', 'ALTRO']),
      valido_dal: isoDate,
      valido_al: isoDate,
      fonte: optional,
    }),
  },
  {
    name: 'motivi_cessazione',
    key: 'codice',
    schema: z.object({
      codice: code,
      descrizione: optional,
      gruppo: z.enum(['LICENZIAMENTO', 'DIMISSIONI', 'FINE_TERMINE', 'ALTRO']),
      fonte: optional,
    }),
  },
  {
    name: 'codici_trasformazione',
    key: 'codice',
    schema: z.object({ codice: code, descrizione: optional, gruppo: code, fonte: optional }),
  },
  {
    name: 'stati_esteri_belfiore',
    key: 'codice',
    schema: z.object({ codice: z.string().regex(/^Z\d{3}$/), nome: optional, fonte: optional }),
  },
  {
    name: 'titoli_soggiorno',
    key: 'cod_status_straniero',
    schema: z.object({
      cod_status_straniero: code,
      des_status_straniero: code,
      dat_inizio: isoDate,
      dat_fine: isoDate,
    }),
  },
  {
    name: 'motivi_permesso',
    key: 'cod_motivo',
    schema: z.object({ cod_motivo: code, des_motivo: code, dat_inizio: isoDate, dat_fine: isoDate }),
  },
  {
    name: 'ateco_sezioni',
    key: 'sezione',
    schema: z.object({ sezione: z.string().regex(/^[A-Z]$/), descrizione: code }),
  },
  {
    name: 'ateco2007_divisioni',
    key: 'divisione',
    schema: z.object({ divisione: z.string().regex(/^\d{2}$/), sezione: z.string().regex(/^[A-Z]$/) }),
  },
  {
    name: 'ateco2025_sezione2007',
    key: 'codice_2025',
    schema: z.object({ codice_2025: z.string().regex(/^\d{2,6}$/), sezione_2007: z.string().regex(/^[A-Z]$/) }),
  },
  {
    name: 'istat_sdmx_codici',
    key: 'chiave',
    schema: z.object({
      chiave: code,
      dimensione: z.enum(['sesso', 'eta', 'cittadinanza', 'paese']),
      codice: code,
      valore: code,
      fonte: optional,
    }),
  },
  {
    name: 'istat_territori',
    key: 'codice',
    schema: z.object({
      codice: code,
      livello: z.enum(['provincia', 'provincia_autonoma', 'regione', 'ripartizione', 'italia']),
      provincia: optional,
      codice_regione: optional,
      ripartizione: optional,
      fonte: optional,
    }),
  },
  {
    // hand-written: other ways provinces are written (INPS, Unioncamere), read by name key
    name: 'province_nomi',
    key: 'nome',
    schema: z.object({ nome: code, provincia: z.string().regex(/^[A-Z]{2}$/), fonte: optional }),
  },
  {
    // hand-written: cassa integrazione managements as INPS writes them -> CIGO, CIGS, CIGD, FIS, FONDI
    name: 'inps_gestioni_cig',
    key: 'nome',
    schema: z.object({ nome: code, gestione: z.string().regex(/^[A-Z_]+$/), descrizione: optional, fonte: optional }),
  },
  {
    name: 'ateco2025_divisione2007',
    key: 'codice_2025',
    schema: z.object({ codice_2025: z.string().regex(/^\d{2,6}$/), divisione_2007: z.string().regex(/^\d{2}$/) }),
  },
  {
    // supplied by the region (shipped with its header only; samples/reference/ has an
    // example): the employment centre (CPI) and the social district (ambito
    // territoriale) of each municipality, the areas flags and crisis-basins --by read
    name: 'aree_comuni',
    key: 'codice_istat',
    schema: z.object({
      codice_istat: z.string().regex(/^\d{6}$/, 'expected the 6-digit ISTAT code of the municipality'),
      denominazione: optional,
      provincia: z.string().regex(/^[A-Z]{2}$/, 'expected a 2-letter province code such as MI'),
      cpi_codice: areaCode,
      cpi_nome: code,
      ambito_codice: areaCode,
      ambito_nome: code,
      fonte: optional,
    }),
  },
  {
    name: 'cp2011',
    key: 'codice',
    schema: z.object({
      codice: z.string().regex(/^\d+(\.\d+){0,4}$/),
      livello: z.string().regex(/^[1-5]$/),
      descrizione: code,
    }),
  },
] as const;

export type ReferenceTable = (typeof referenceTables)[number];
