-- The measures of the flow tables (co_flussi_contratto, co_flussi_settore,
-- co_flussi_anagrafica), written once: a select-list over the events of
-- eventi_flussi.sql grouped by a table's grain (the template slot misure_flussi).
-- Every measure is a count of events (BIGINT), so cells add up over any breakdown.
       count(*) FILTER (WHERE tipo = 'A')::BIGINT AS attivazioni,
       count(*) FILTER (WHERE tipo = 'C')::BIGINT AS cessazioni_comunicate,
       count(*) FILTER (WHERE tipo = 'T')::BIGINT AS cessazioni_a_termine,
       count(*) FILTER (WHERE tipo IN ('C', 'T'))::BIGINT AS cessazioni,
       count(*) FILTER (WHERE tipo = 'P')::BIGINT AS proroghe,
       count(*) FILTER (WHERE tipo = 'TI')::BIGINT AS trasformazioni_ti
