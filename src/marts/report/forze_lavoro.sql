-- report figures: ISTAT's labour-force rates (RCFL) of foreigners and Italians, and the gap.
-- grain: provincia (TOTALE: Lombardy, ISTAT's own estimate for the region) x indicatore x sesso.
-- columns: periodo (the year), provincia, indicatore (EMP_R employment, UNEM_R unemployment,
--   ACT_R activity), sesso (T both, M, F), eta (the age class, as ISTAT writes it), stranieri,
--   italiani, totale (rates in per cent as ISTAT publishes them; NULL where it gives none),
--   divario (stranieri - italiani in percentage points, from the unrounded rates; NULL
--   without both).
-- reads (slots filled with the staged tables, ReportContext.tables): orim_istat_forze_lavoro
--   (exact figures of the ORIM table, the report's scope: its yearly rows are those of the
--   latest year loaded up to the semester's, one per indicator).
-- Choices: yearly rates only (ISTAT gives provinces no quarters). One age class per indicator,
--   the one ISTAT uses for it: 15-64 for employment and activity, 15-74 for unemployment (else
--   15 and over, else the other of those two); an extract with none of them gives its first
--   class in order. The inactivity rate is 100 minus the activity rate: not shown again.
WITH yearly AS (
  SELECT * FROM {{orim_istat_forze_lavoro}}
  WHERE periodo NOT LIKE '%-Q%' AND indicatore IN ('EMP_R', 'UNEM_R', 'ACT_R')
),
age_class AS (
  SELECT indicatore, eta FROM (SELECT DISTINCT indicatore, eta FROM yearly)
  QUALIFY row_number() OVER (
    PARTITION BY indicatore
    ORDER BY coalesce(list_position(
      CASE WHEN indicatore = 'UNEM_R' THEN ['Y15-74', 'Y_GE15', 'Y15-64'] ELSE ['Y15-64', 'Y15-74', 'Y_GE15'] END, eta), 99), eta
  ) = 1
),
rates AS (
  SELECT periodo, provincia, indicatore, sesso, eta,
         max(tasso) FILTER (WHERE gruppo_cittadinanza = 'STRANIERI') AS stranieri,
         max(tasso) FILTER (WHERE gruppo_cittadinanza = 'ITA') AS italiani,
         max(tasso) FILTER (WHERE gruppo_cittadinanza = 'TOTALE') AS totale
  FROM yearly JOIN age_class USING (indicatore, eta)
  GROUP BY ALL
)
SELECT *, stranieri - italiani AS divario
FROM rates
ORDER BY provincia, list_position(['EMP_R', 'UNEM_R', 'ACT_R'], indicatore), list_position(['T', 'M', 'F'], sesso)
-- test: one row per province, indicator and sex
SELECT provincia, indicatore, sesso, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1
-- test: rates are per cent and the gap is foreigners minus Italians
SELECT * FROM {{table}}
WHERE stranieri NOT BETWEEN 0 AND 100 OR italiani NOT BETWEEN 0 AND 100 OR totale NOT BETWEEN 0 AND 100
   OR abs(divario - (stranieri - italiani)) > 1e-9
