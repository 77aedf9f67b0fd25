-- The flag list for the employment services (flags-and-basins.md) on $as_of (A),
-- with the window W = [A, A + $horizon_days]. Reads the point-in-time models in
-- pit (built with the same $as_of: only communications sent on or before A).
-- Grain: one row per (worker, flag). Columns: lavoratore_id, flag, reason,
-- provincia, cittadinanza, fine_rapporto, scadenza_permesso, datore_ateco, and comune
-- (the sede_comune of the rapporto that gives the province: the lists by CPI or ambito,
-- flags_per_area.sql, read it; the flag list by province is written without it).
WITH params AS (
  SELECT $as_of::DATE AS a, $as_of::DATE + $horizon_days::INTEGER AS w_end
),
popolazione AS (
  -- non-EU on A, with at least one effective rapporto
  SELECT l.* FROM pit.lavoratori l, params
  WHERE gruppo_cittadinanza(l.cittadinanza, a) = 'NUE'
    AND l.lavoratore_id IN (SELECT lavoratore_id FROM pit.rapporti)
),
r AS (
  SELECT r.*, r.data_inizio <= a AND (r.fine IS NULL OR r.fine >= a) AS attivo
  FROM pit.rapporti r, params
  WHERE r.lavoratore_id IN (SELECT lavoratore_id FROM popolazione)
),
per_lavoratore AS (
  SELECT lavoratore_id,
         count(*) FILTER (WHERE attivo) AS attivi,
         coalesce(bool_and(fine IS NOT NULL AND fine <= w_end) FILTER (WHERE attivo), false) AS tutti_finiscono,
         -- employed: the active rapporto that ends last decides (open-ended counts as last)
         arg_max({'fine': fine, 'provincia': provincia, 'sezione': ateco_sezione, 'comune': sede_comune},
                 (coalesce(fine, DATE '9999-12-31'), data_inizio, datore_id)) FILTER (WHERE attivo) AS decisivo,
         -- not employed: the last rapporto that ended before A
         arg_max({'fine': fine, 'provincia': provincia, 'sezione': ateco_sezione, 'comune': sede_comune},
                 (fine, data_inizio, datore_id)) FILTER (WHERE NOT attivo AND fine < a) AS ultimo
  FROM r, params GROUP BY lavoratore_id
),
stato AS (
  SELECT p.*, w.attivi, w.decisivo, w.ultimo, w.attivi > 0 AND w.tutti_finiscono AS contract_ending
  FROM popolazione p JOIN per_lavoratore w USING (lavoratore_id)
),
contract_ending AS (
  SELECT lavoratore_id, 'CONTRACT_ENDING' AS flag, NULL AS reason, decisivo.provincia AS provincia, cittadinanza,
         decisivo.fine AS fine_rapporto, scadenza_permesso, decisivo.sezione AS datore_ateco,
         decisivo.comune AS comune
  FROM stato WHERE contract_ending
),
permit AS (
  -- permit rules skip IS, LI, NO, CH citizens and documents 5 and 7 (permanent card, EU long-term permit)
  SELECT s.*,
         CASE
           WHEN scadenza_permesso < a AND coalesce(titolo_soggiorno, '') <> '3' THEN 'EXPIRED'
           WHEN scadenza_permesso BETWEEN a AND w_end AND attivi = 0 THEN 'EXPIRING_UNEMPLOYED'
           WHEN scadenza_permesso BETWEEN a AND w_end AND contract_ending THEN 'EXPIRING_CONTRACT_ENDING'
           WHEN attivi = 0 AND coalesce(motivo_permesso, '') NOT IN ('LASTA', 'LAVPL')
                AND (ultimo.fine + to_months($job_seeking_months::INTEGER))::DATE BETWEEN a AND w_end
             THEN 'ATTESA_OCCUPAZIONE_ENDING'
         END AS reason
  FROM stato s, params
  WHERE NOT senza_permesso AND coalesce(titolo_soggiorno, '') NOT IN ('5', '7')
),
permit_at_risk AS (
  SELECT lavoratore_id, 'PERMIT_AT_RISK' AS flag, reason,
         CASE WHEN attivi > 0 THEN decisivo.provincia ELSE ultimo.provincia END AS provincia, cittadinanza,
         CASE WHEN attivi > 0 THEN decisivo.fine ELSE ultimo.fine END AS fine_rapporto, scadenza_permesso,
         CASE WHEN attivi > 0 THEN decisivo.sezione ELSE ultimo.sezione END AS datore_ateco,
         CASE WHEN attivi > 0 THEN decisivo.comune ELSE ultimo.comune END AS comune
  FROM permit WHERE reason IS NOT NULL
)
SELECT * FROM (SELECT * FROM contract_ending UNION ALL SELECT * FROM permit_at_risk)
WHERE $province::VARCHAR IS NULL OR provincia = $province::VARCHAR
ORDER BY provincia NULLS LAST, lavoratore_id, flag
-- test: one row per worker and flag
SELECT lavoratore_id, flag, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
-- test: a worker and a flag on every row
SELECT * FROM {{table}} WHERE lavoratore_id IS NULL OR flag IS NULL
-- test: a reason exactly for PERMIT_AT_RISK, one of the four
SELECT * FROM {{table}}
WHERE flag NOT IN ('CONTRACT_ENDING', 'PERMIT_AT_RISK')
   OR (flag = 'CONTRACT_ENDING') <> (reason IS NULL)
   OR reason NOT IN ('EXPIRED', 'EXPIRING_UNEMPLOYED', 'EXPIRING_CONTRACT_ENDING', 'ATTESA_OCCUPAZIONE_ENDING')
-- test: a contract ending ends inside the window [A, A + horizon]
SELECT * FROM {{table}}
WHERE flag = 'CONTRACT_ENDING'
  AND NOT coalesce(fine_rapporto BETWEEN $as_of::DATE AND $as_of::DATE + $horizon_days::INTEGER, false)
-- test: an expired permit expired before A, an expiring one expires inside the window
SELECT * FROM {{table}}
WHERE (reason = 'EXPIRED' AND NOT coalesce(scadenza_permesso < $as_of::DATE, false))
   OR (reason IN ('EXPIRING_UNEMPLOYED', 'EXPIRING_CONTRACT_ENDING')
       AND NOT coalesce(scadenza_permesso BETWEEN $as_of::DATE AND $as_of::DATE + $horizon_days::INTEGER, false))
