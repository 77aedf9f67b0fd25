-- The scope of a build over all the data (build --force, a first build): every
-- communication, chain and worker. The state on a date (pit views) runs no scope: a
-- query in models/ is also a view, so it calls these macros only through the runner's
-- slots ({{ambito_catene}}: the macro into main, TRUE in pit; runModels.ts, SCOPE), and
-- the header's `-- recomputed for:` predicate is the runner's, applied in main only.
CREATE OR REPLACE TEMP MACRO batch_nuovo(b) AS TRUE;
CREATE OR REPLACE TEMP MACRO ambito_comunicazioni(c) AS TRUE;
CREATE OR REPLACE TEMP MACRO ambito_catene(c) AS TRUE;
CREATE OR REPLACE TEMP MACRO ambito_lavoratori(l) AS TRUE;
