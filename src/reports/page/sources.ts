/**
 * The source line under every table of a report ("Fonte: ..."), as Italian
 * statistical publications write it: whose data, and that the figures are our
 * elaboration where they are.
 */
export const sources = {
  co: 'Fonte: elaborazioni su Comunicazioni Obbligatorie, Regione Lombardia',
  coIstat: 'Fonte: elaborazioni su Comunicazioni Obbligatorie, Regione Lombardia, e ISTAT',
  coInpsIstat: 'Fonte: elaborazioni su Comunicazioni Obbligatorie, Regione Lombardia, INPS e ISTAT',
  inps: 'Fonte: elaborazioni su dati INPS',
  istatPopolazione: 'Fonte: ISTAT, popolazione residente straniera al 1° gennaio',
  istatPermessi: 'Fonte: ISTAT, permessi di soggiorno dei cittadini non comunitari',
  istatPermessiCo:
    'Fonte: elaborazioni su Comunicazioni Obbligatorie, Regione Lombardia, e ISTAT, permessi di soggiorno',
  istatRcfl: 'Fonte: ISTAT, RCFL',
  excelsior: 'Fonte: Unioncamere - Ministero del Lavoro, Sistema Informativo Excelsior',
  excelsiorCo:
    'Fonte: Unioncamere - Ministero del Lavoro, Sistema Informativo Excelsior, e Comunicazioni Obbligatorie, Regione Lombardia',
  quality: 'Fonte: elaborazioni su Comunicazioni Obbligatorie, Regione Lombardia, INPS e ISTAT (estratti caricati)',
} as const;
