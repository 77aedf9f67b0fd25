-- report figures: the period the CO data cover.
-- grain: one row.
-- columns: primo_invio, ultimo_invio (first and last data_invio loaded).
SELECT strftime(min(data_invio), '%Y-%m-%d') AS primo_invio, strftime(max(data_invio), '%Y-%m-%d') AS ultimo_invio
FROM co_comunicazioni

-- test: one row
SELECT count(*) AS righe FROM {{table}} HAVING count(*) <> 1

-- test: both dates or neither, the first not after the last
SELECT * FROM {{table}} WHERE (primo_invio IS NULL) <> (ultimo_invio IS NULL) OR primo_invio > ultimo_invio
