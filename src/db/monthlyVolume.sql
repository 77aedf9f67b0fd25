-- The one rule of "normal volume" (docs/report.md, "Coverage"): the communications
-- of a table by month of data_invio, and whether each month holds them in normal
-- volume: at least half the median monthly count of the months the same data hold
-- (months with at least one communication). Ordinary months swing with the seasons
-- (the August dip, the January and September peaks) well within half the median; a
-- month reached only by a few stray or early-sent communications, or less than half
-- delivered, falls below it. The median, not the mean, so that one such month or one
-- peak does not move the bar.
-- tabella: the name of a table with data_invio and provincia (co_comunicazioni, or
-- the staged rows of a file, co_stage); provincia: a 2-letter code, or NULL for all.
-- Grain: one row per month with at least one communication.
-- Columns: mese (DATE, first day), comunicazioni, soglia (the bar), normale.
CREATE OR REPLACE TEMP MACRO mesi_invio(tabella, provincia_scelta) AS TABLE
  WITH mesi AS (
    SELECT date_trunc('month', data_invio)::DATE AS mese, count(*) AS comunicazioni
    FROM query_table(tabella)
    WHERE provincia_scelta IS NULL OR provincia = provincia_scelta
    GROUP BY ALL
  ),
  misurati AS (SELECT mese, comunicazioni, 0.5 * median(comunicazioni) OVER () AS soglia FROM mesi)
  SELECT mese, comunicazioni, soglia, comunicazioni >= soglia AS normale FROM misurati;
