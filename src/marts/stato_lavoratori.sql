-- The state on $as_of (A) of each non-EU worker with a rapporto, which the flag rules
-- (flags-and-basins.md) read, with the window W = [A, A + $horizon_days]: the flag list
-- (flags.sql) and the workers in the crisis basins (crisis/bacino_lavoratori.sql) take it
-- as their {{stato_lavoratori}} slot, so both rules read one state. Reads the
-- point-in-time models in pit (built with the same $as_of).
-- Grain: one row per worker non-EU on A (gruppo_cittadinanza NUE) with at least one
-- effective rapporto.
-- Columns: those of lavoratori; attivi (rapporti active on A); decisivo (employed: the
-- active rapporto that ends last, open-ended counting as last) and ultimo (the last
-- rapporto that ended before A), each {fine, provincia, sezione, comune} (ultimo also
-- codice_provincia); contract_ending (employed, and every active rapporto ends within W);
-- permesso_motivo (the reason the permit is at risk, one of the four of PERMIT_AT_RISK, or NULL).
WITH params AS (
  SELECT $as_of::DATE AS a, $as_of::DATE + $horizon_days::INTEGER AS w_end
),
popolazione AS (
  -- non-EU on A (those with no rapporto drop out at the join of stato)
  SELECT l.* FROM pit.lavoratori l, params WHERE gruppo_cittadinanza(l.cittadinanza, a) = 'NUE'
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
         arg_max({'fine': fine, 'provincia': provincia, 'codice_provincia': codice_provincia, 'sezione': ateco_sezione,
                  'comune': sede_comune},
                 (fine, data_inizio, datore_id)) FILTER (WHERE NOT attivo AND fine < a) AS ultimo
  FROM r, params GROUP BY lavoratore_id
),
stato AS (
  SELECT p.*, w.attivi, w.decisivo, w.ultimo, w.attivi > 0 AND w.tutti_finiscono AS contract_ending
  FROM popolazione p JOIN per_lavoratore w USING (lavoratore_id)
)
SELECT s.*,
       -- permit rules skip IS, LI, NO, CH citizens and documents 5 and 7 (permanent card, EU long-term permit)
       CASE WHEN NOT senza_permesso AND coalesce(titolo_soggiorno, '') NOT IN ('5', '7') THEN
         CASE
           WHEN scadenza_permesso < a AND coalesce(titolo_soggiorno, '') <> '3' THEN 'EXPIRED'
           WHEN scadenza_permesso BETWEEN a AND w_end AND attivi = 0 THEN 'EXPIRING_UNEMPLOYED'
           WHEN scadenza_permesso BETWEEN a AND w_end AND contract_ending THEN 'EXPIRING_CONTRACT_ENDING'
           WHEN attivi = 0 AND coalesce(motivo_permesso, '') NOT IN ('LASTA', 'LAVPL')
                AND (ultimo.fine + to_months($job_seeking_months::INTEGER))::DATE BETWEEN a AND w_end
             THEN 'ATTESA_OCCUPAZIONE_ENDING'
         END
       END AS permesso_motivo
FROM stato s, params
