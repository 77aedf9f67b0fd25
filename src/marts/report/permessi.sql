-- report figures: residence permits of non-EU citizens on 1 January, by province.
-- grain: provincia.
-- columns: data (1 January of the latest year loaded up to the semester's), provincia,
--   lungo_periodo (LUNGO_PERIODO: EU long-term residents, no expiry), con_scadenza
--   (CON_SCADENZA: with an expiry), each NULL where ISTAT gives none; milano_con_monza (true
--   on Milano's row when that year's extract follows ISTAT's 2009 list of provinces, where
--   Milano includes Monza e della Brianza and Monza has no row: the ingest warns
--   milano_con_monza).
-- reads (slots filled with the staged tables, ReportContext.tables): orim_istat_permessi
--   (exact figures of the ORIM table, the report's scope); istat_permessi, for whether the
--   year's extract has Monza (a province report's ORIM rows hold its province only).
SELECT data, provincia,
       max(permessi) FILTER (WHERE tipo_permesso = 'LUNGO_PERIODO') AS lungo_periodo,
       max(permessi) FILTER (WHERE tipo_permesso = 'CON_SCADENZA') AS con_scadenza,
       provincia = 'MI' AND NOT EXISTS (
         SELECT 1 FROM istat_permessi i WHERE i.anno = year(p.data) AND i.livello = 'provincia' AND i.provincia = 'MB'
       ) AS milano_con_monza
FROM {{orim_istat_permessi}} p
GROUP BY ALL
ORDER BY provincia
-- test: one row per province, all of one 1 January
SELECT provincia, count(*) AS n FROM {{table}} GROUP BY ALL
HAVING count(*) > 1 OR (SELECT count(DISTINCT data) FROM {{table}}) > 1
-- test: permits are never negative
SELECT * FROM {{table}} WHERE lungo_periodo < 0 OR con_scadenza < 0
