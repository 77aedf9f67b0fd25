-- ORIM table indicatori_rischio_datori (schema version 2): employer units with a pattern of
--   risk in a semester (docs/risk-indicators.md), counted; the units themselves are only in
--   the owner-only list of `risk-employers`.
-- grain: semestre x provincia x ateco_sezione x ateco_divisione, for the semester [$inizio, $fine].
-- primary key: semestre, provincia, ateco_sezione, ateco_divisione.
-- columns: semestre, provincia, codice_provincia, ateco_sezione and ateco_divisione (ATECO 2007,
--   of the unit's latest event; '?' when unknown); datori (employer units, datore_id x provincia,
--   with an activation or a rapporto ended in the semester: marts/risk/datori_rischio.sql);
--   datori_molte_assunzioni, datori_uscite_rapide, datori_molti_brevissimi (of them, those with
--   each pattern); datori_segnalati (those with at least one).
SELECT $semestre AS semestre, provincia, codice_provincia,
       coalesce(ateco_sezione, '?') AS ateco_sezione, coalesce(ateco_divisione, '?') AS ateco_divisione,
       count(*)::BIGINT AS datori,
       count(*) FILTER (WHERE molte_assunzioni)::BIGINT AS datori_molte_assunzioni,
       count(*) FILTER (WHERE uscite_rapide)::BIGINT AS datori_uscite_rapide,
       count(*) FILTER (WHERE molti_brevissimi)::BIGINT AS datori_molti_brevissimi,
       count(*) FILTER (WHERE molte_assunzioni OR uscite_rapide OR molti_brevissimi)::BIGINT AS datori_segnalati
FROM ({{datori_rischio}})
GROUP BY ALL
ORDER BY ALL

-- test: unique primary key
SELECT semestre, provincia, ateco_sezione, ateco_divisione, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: each pattern at most the units flagged, and those at most the units
SELECT * FROM {{table}}
WHERE NOT (greatest(datori_molte_assunzioni, datori_uscite_rapide, datori_molti_brevissimi) <= datori_segnalati
  AND datori_segnalati <= datori)
