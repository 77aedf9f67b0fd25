-- Session macros of the transform layer.

-- R6: citizenship group on day d: ITA for Italy, UE for a member of the EU on d
-- (membership has dates), NUE otherwise. c is an ISTAT country code.
CREATE OR REPLACE TEMP MACRO gruppo_cittadinanza(c, d) AS (
  SELECT CASE WHEN p.codice_istat = '100' THEN 'ITA'
              WHEN p.ue_dal::DATE <= d AND (p.ue_al IS NULL OR d <= p.ue_al::DATE) THEN 'UE'
              ELSE 'NUE' END
  FROM main.ref_paesi p WHERE p.codice = c
);

-- R9: regional systems write 1900-01-01 (document 4, waiting for the permit) and
-- 2099-12-31 (document 5, permanent card) for "no known expiry".
CREATE OR REPLACE TEMP MACRO scadenza_nota(d) AS
  CASE WHEN d IN (DATE '1900-01-01', DATE '2099-12-31') THEN NULL ELSE d END;

-- The age class of the spec (reports.md) of someone born on n, on day d (complete years):
-- the one definition for the flows (age on the event date) and the stock (age on the
-- semester's last day).
CREATE OR REPLACE TEMP MACRO classe_eta(n, d) AS (
  CASE WHEN date_sub('year', n, d) < 15 THEN '<15' WHEN date_sub('year', n, d) < 25 THEN '15-24'
       WHEN date_sub('year', n, d) < 35 THEN '25-34' WHEN date_sub('year', n, d) < 45 THEN '35-44'
       WHEN date_sub('year', n, d) < 55 THEN '45-54' WHEN date_sub('year', n, d) < 65 THEN '55-64' ELSE '65+' END
);

-- The CP2011 major group (grande gruppo, 1-9) of a CO qualifica: its first digit, the
-- group of every code below it (5.2.2.1.0 and 52210 are in group 5); '?' when the
-- qualifica is missing or is not a code of digits and dots starting with 1 to 9.
CREATE OR REPLACE TEMP MACRO grande_gruppo_cp2011(q) AS
  CASE WHEN regexp_full_match(coalesce(q, ''), '[1-9][0-9.]*') THEN left(q, 1) ELSE '?' END;

-- TRUE for every value: the scope of a model read as a point-in-time view (runModels.ts, SCOPE).
CREATE OR REPLACE TEMP MACRO tutti(x) AS TRUE;
