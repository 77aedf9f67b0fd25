-- The rule of the counts of the risk indicators (misure_rischio.sql): a part is at most its
-- whole. The slot parti_rischio of the test "a part is at most its whole" of
-- indicatori_rischio.sql, indicatori_rischio_cittadinanze.sql and indicatori_rischio_aree.sql.
cessazioni_entro_1_giorno <= cessazioni_entro_3_giorni AND cessazioni_entro_3_giorni <= cessazioni
  AND attivazioni_intermittenti <= attivazioni AND attivazioni_domestiche <= attivazioni
  AND attivazioni_agricole_stagionali <= attivazioni AND attivazioni_permesso_stagionale <= attivazioni
  AND attivazioni_donne <= attivazioni AND part_time_donne <= attivazioni_donne
  AND part_time_uomini <= attivazioni - attivazioni_donne
