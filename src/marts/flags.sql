-- The flag list for the employment services (flags-and-basins.md) on $as_of (A),
-- with the window W = [A, A + $horizon_days]. Reads the state of the non-EU workers on A
-- (the stato_lavoratori slot, stato_lavoratori.sql: the point-in-time models in pit, built
-- with the same $as_of: only communications sent on or before A).
-- Grain: one row per (worker, flag). Columns: lavoratore_id, flag, reason,
-- provincia, cittadinanza, fine_rapporto, scadenza_permesso, datore_ateco, and comune
-- (the sede_comune of the rapporto that gives the province: the lists by CPI or ambito,
-- flags_per_area.sql, read it; the flag list by province is written without it).
WITH stato AS (
{{stato_lavoratori}}
),
contract_ending AS (
  SELECT lavoratore_id, 'CONTRACT_ENDING' AS flag, NULL AS reason, decisivo.provincia AS provincia, cittadinanza,
         decisivo.fine AS fine_rapporto, scadenza_permesso, decisivo.sezione AS datore_ateco,
         decisivo.comune AS comune
  FROM stato WHERE contract_ending
),
permit_at_risk AS (
  SELECT lavoratore_id, 'PERMIT_AT_RISK' AS flag, permesso_motivo AS reason,
         CASE WHEN attivi > 0 THEN decisivo.provincia ELSE ultimo.provincia END AS provincia, cittadinanza,
         CASE WHEN attivi > 0 THEN decisivo.fine ELSE ultimo.fine END AS fine_rapporto, scadenza_permesso,
         CASE WHEN attivi > 0 THEN decisivo.sezione ELSE ultimo.sezione END AS datore_ateco,
         CASE WHEN attivi > 0 THEN decisivo.comune ELSE ultimo.comune END AS comune
  FROM stato WHERE permesso_motivo IS NOT NULL
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
