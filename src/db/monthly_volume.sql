-- The one rule of "normal volume" (docs/report.md, "Coverage"): the communications
-- of a table by month of data_invio, and whether each month holds them in normal
-- volume: at least half the count of the median month, the median taken over the
-- communications (each month counted as many times as it has communications: half
-- of them are in months at most this busy). Ordinary months swing with the seasons
-- (the August dip, the January and September peaks) within half of it; a month
-- reached only by a few stray or early-sent communications, or less than half
-- delivered, falls below it. Weighted by communications so that small months do not
-- pull the bar down however many they are: a monthly extract holds its month, a few
-- repeats of the month before and perhaps one stray date, and only its month is
-- normal. The lower median (a month's actual count), so that a bar is a whole number.
-- tabella: the name of a table with data_invio and provincia (co_comunicazioni, or
-- the staged rows of a file, co_stage); provincia_scelta: a 2-letter code, or NULL
-- for all.
-- Grain: one row per month with at least one communication.
-- Columns: mese (DATE, first day), comunicazioni, soglia (the bar), normale.
CREATE OR REPLACE TEMP MACRO mesi_invio(tabella, provincia_scelta) AS TABLE
  WITH mesi AS (
    SELECT date_trunc('month', data_invio)::DATE AS mese, count(*) AS comunicazioni
    FROM query_table(tabella)
    WHERE provincia_scelta IS NULL OR provincia = provincia_scelta
    GROUP BY ALL
  ),
  cumulated AS (
    SELECT comunicazioni, sum(comunicazioni) OVER (ORDER BY comunicazioni ROWS UNBOUNDED PRECEDING) AS fino_a_qui,
           sum(comunicazioni) OVER () AS tutte
    FROM mesi
  ),
  bar AS (SELECT 0.5 * min(comunicazioni) FILTER (WHERE 2 * fino_a_qui >= tutte) AS soglia FROM cumulated)
  SELECT mese, comunicazioni, soglia, comunicazioni >= soglia AS normale FROM mesi CROSS JOIN bar;
