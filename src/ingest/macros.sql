-- Session macros used by the ingest models. Temporary: they live as long as the connection.

-- A date written YYYY-MM-DD or DD/MM/YYYY; NULL when malformed or impossible (31/02/2025).
-- The ISO cast is the fast path; strptime runs only on what it could not read.
CREATE OR REPLACE TEMP MACRO co_date(s) AS
  CASE WHEN length(s) = 10 THEN coalesce(try_cast(s AS DATE), try_strptime(s, '%d/%m/%Y')::DATE) END;

-- data_invio may carry a time (ISO with space or T, or Italian), with or without seconds.
CREATE OR REPLACE TEMP MACRO co_timestamp(s) AS
  CASE WHEN length(s) >= 10 THEN coalesce(
    CASE WHEN substr(s, 5, 1) = '-' THEN try_cast(s AS TIMESTAMP) END,
    try_strptime(s, ['%d/%m/%Y', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M'])) END;

-- A value the safe copy masked (codiceFiscale.ts, maskedValue): a codice fiscale or
-- partita IVA, or a value shaped like one, never reaches DuckDB as written. Any case,
-- as the checked-rows macros upper-case codes.
CREATE OR REPLACE TEMP MACRO co_masked(v) AS starts_with(upper(v), '[CODICE FISCALE OSCURATO,');

-- ATECO code in dotted form (41.20.00, 41.2) from 41.20.00, 412000 or 41.2; NULL when malformed.
CREATE OR REPLACE TEMP MACRO ateco_norm(s) AS
  CASE WHEN regexp_full_match(s, '[0-9]{2}(\.[0-9]{1,2}(\.[0-9]{1,2})?)?|[0-9]{2,6}') THEN
    CASE WHEN contains(s, '.') THEN s ELSE
      left(s, 2) || CASE WHEN length(s) > 2 THEN '.' || substr(s, 3, 2) ELSE '' END
                 || CASE WHEN length(s) > 4 THEN '.' || substr(s, 5, 2) ELSE '' END END
  END;
