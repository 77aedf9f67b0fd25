-- The scope of a run of the models over all the data (build --force, a first build,
-- the state on a date): every communication, chain and worker.
CREATE OR REPLACE TEMP MACRO batch_nuovo(b) AS TRUE;
CREATE OR REPLACE TEMP MACRO ambito_comunicazioni(c) AS TRUE;
CREATE OR REPLACE TEMP MACRO ambito_catene(c) AS TRUE;
CREATE OR REPLACE TEMP MACRO ambito_lavoratori(l) AS TRUE;
