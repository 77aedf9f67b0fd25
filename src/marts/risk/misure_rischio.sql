-- The counts of the risk indicators summed over the rows of eventi_rischio.sql (the template
-- slot misure_rischio of indicatori_rischio.sql and indicatori_rischio_aree.sql): one
-- expression each, written once.
       coalesce(sum(cessazioni), 0)::BIGINT AS cessazioni,
       coalesce(sum(cessazioni_entro_1_giorno), 0)::BIGINT AS cessazioni_entro_1_giorno,
       coalesce(sum(cessazioni_entro_3_giorni), 0)::BIGINT AS cessazioni_entro_3_giorni,
       coalesce(sum(lavoratori_molti_brevi), 0)::BIGINT AS lavoratori_molti_brevi,
       coalesce(sum(coppie_brevi_ripetute), 0)::BIGINT AS coppie_brevi_ripetute,
       coalesce(sum(attivazioni), 0)::BIGINT AS attivazioni,
       coalesce(sum(attivazioni_intermittenti), 0)::BIGINT AS attivazioni_intermittenti,
       coalesce(sum(attivazioni_domestiche), 0)::BIGINT AS attivazioni_domestiche,
       coalesce(sum(attivazioni_agricole_stagionali), 0)::BIGINT AS attivazioni_agricole_stagionali,
       coalesce(sum(attivazioni_permesso_stagionale), 0)::BIGINT AS attivazioni_permesso_stagionale,
       coalesce(sum(attivazioni_donne), 0)::BIGINT AS attivazioni_donne,
       coalesce(sum(part_time_uomini), 0)::BIGINT AS part_time_uomini,
       coalesce(sum(part_time_donne), 0)::BIGINT AS part_time_donne
