-- report figures: Excelsior planned hires and non-EU CO activations of the semester by CP2011 major group.
-- grain: grande_gruppo ('1'-'9', the first digit of the CP2011 code; '?' for the activations whose
--   qualifica is missing or not a CP2011 code), over the report's scope (its province, or the region).
-- columns: grande_gruppo; entrate_previste, entrate_immigrati, entrate_difficile_reperimento
--   (Excelsior, summed over the scope's provinces: NULL where no province gives the group, a part
--   NULL where a province summed does not give it; estimates, exact); attivazioni_nue (CO:
--   activations of the semester, one per rapporto, of workers non-EU on the start date, as in the
--   flow tables: 0 where none; counts, for disclosure control).
-- reads (slots): orim_excelsior_professioni (exact figures of the ORIM table, the report's scope) and
--   the flow events (eventi_flussi.sql: tipo A with the qualifica of its ASS).
-- Choice: an activation counts in the major group of its qualifica when the code's first four parts
--   are a CP2011 category (level 4) of reference/cp2011.csv (the CO writes six parts, 5.2.2.1.0.0;
--   the armed forces, group 9, go down to four); any other value, or none, is '?', so that a
--   code made up or mistyped is not put in the group of its first digit.
WITH entrate AS (
  SELECT grande_gruppo, sum(entrate_previste)::BIGINT AS entrate_previste,
         CASE WHEN count(entrate_immigrati) = count(*) THEN sum(entrate_immigrati) END::BIGINT AS entrate_immigrati,
         CASE WHEN count(entrate_difficile_reperimento) = count(*) THEN sum(entrate_difficile_reperimento) END::BIGINT
           AS entrate_difficile_reperimento
  FROM {{orim_excelsior_professioni}}
  GROUP BY grande_gruppo
),
attivazioni AS (
  SELECT coalesce(split_part(c.codice, '.', 1), '?') AS grande_gruppo, count(*)::BIGINT AS attivazioni_nue
  FROM ({{eventi_flussi}}) ev
  LEFT JOIN ref_cp2011 c
    ON c.livello::INTEGER = 4 AND c.codice = regexp_extract(ev.qualifica, '^([0-9]+(\.[0-9]+){3})(\.[0-9]+)*$', 1)
  WHERE ev.tipo = 'A' AND ev.gruppo_cittadinanza = 'NUE' AND ($province::VARCHAR IS NULL OR ev.provincia = $province::VARCHAR)
  GROUP BY ALL
)
SELECT grande_gruppo, e.entrate_previste, e.entrate_immigrati, e.entrate_difficile_reperimento,
       coalesce(a.attivazioni_nue, 0)::BIGINT AS attivazioni_nue
FROM entrate e FULL JOIN attivazioni a USING (grande_gruppo)
ORDER BY grande_gruppo = '?', grande_gruppo

-- test: one row per major group
SELECT grande_gruppo, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: a CP2011 major group, or ? for the activations
SELECT * FROM {{table}}
WHERE grande_gruppo NOT IN (SELECT codice FROM ref_cp2011 WHERE livello::INTEGER = 1)
  AND NOT (grande_gruppo = '?' AND entrate_previste IS NULL)

-- test: the parts are at most the whole
SELECT * FROM {{table}} WHERE entrate_immigrati > entrate_previste OR entrate_difficile_reperimento > entrate_previste
