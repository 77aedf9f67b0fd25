-- Company crises (flags-and-basins.md) on $as_of (A) with a look-back of
-- $lookback_months (L): employers with at least 5 rapporti ended for dismissal reasons
-- (motivi_cessazione group LICENZIAMENTO) in some 120-day span ending in [A - L, A]
-- (the Italian collective-dismissal threshold). Reads the pit models.
-- Grain: one row per employer in crisis.
-- Columns: datore_id (pseudonymised), licenziamenti (dismissals in the look-back),
--   massimo_120_giorni (most dismissals in one 120-day span), di_cui_non_ue (dismissed
--   workers non-EU on the dismissal date), province (where they worked).
WITH params AS (
  SELECT $as_of::DATE AS a, ($as_of::DATE - to_months($lookback_months::INTEGER))::DATE AS da
),
licenziamenti AS (
  -- one dismissal per rapporto (R5): its earliest CES decides the date and the reason, in
  -- the province of that communication; a second CES of the same rapporto is not a second dismissal.
  -- The CES a rapporto known on A names is effective on A (the rapporto's version lies within
  -- those of its chains), so it is looked up by its id in co_righe, not among the
  -- communications effective on A (pit.co_effettive joins every chain with co_righe).
  SELECT r.datore_id, r.lavoratore_id, r.data_cessazione AS data_evento, c.provincia,
         gruppo_cittadinanza(l.cittadinanza, r.data_cessazione) = 'NUE' AS non_ue
  FROM pit.rapporti r
  JOIN main.co_righe c ON c.comunicazione_id = r.cessazione_id
  JOIN main.ref_motivi_cessazione m ON m.codice = r.motivo_cessazione AND m.gruppo = 'LICENZIAMENTO'
  JOIN pit.lavoratori l ON l.lavoratore_id = r.lavoratore_id, params
  WHERE r.data_cessazione BETWEEN da - INTERVAL 119 DAY AND a
),
finestre AS (
  -- for each dismissal in [A - L, A], the dismissals of its employer in the 120 days ending on it
  SELECT d.datore_id, d.data_evento, count(*) AS n
  FROM licenziamenti d JOIN licenziamenti x ON x.datore_id = d.datore_id
    AND x.data_evento BETWEEN d.data_evento - INTERVAL 119 DAY AND d.data_evento, params
  WHERE d.data_evento BETWEEN da AND a
  GROUP BY d.datore_id, d.data_evento
),
in_crisi AS (
  SELECT datore_id, max(n) AS massimo_120_giorni FROM finestre GROUP BY datore_id HAVING max(n) >= 5
)
SELECT c.datore_id, count(*) AS licenziamenti, c.massimo_120_giorni, count(*) FILTER (WHERE d.non_ue) AS di_cui_non_ue,
       string_agg(DISTINCT d.provincia, ',' ORDER BY d.provincia) AS province
FROM in_crisi c JOIN licenziamenti d USING (datore_id), params
WHERE d.data_evento BETWEEN da AND a
GROUP BY c.datore_id, c.massimo_120_giorni
ORDER BY c.datore_id
-- test: one row per employer
SELECT datore_id, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1 OR datore_id IS NULL
-- test: an employer in crisis had at least 5 dismissals in one 120-day span
SELECT * FROM {{table}} WHERE NOT massimo_120_giorni >= 5
-- test: the non-EU dismissed are some of the dismissals
SELECT * FROM {{table}} WHERE NOT di_cui_non_ue BETWEEN 0 AND licenziamenti
