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

-- Value of a codice fiscale character: digits 0-9 and letters A-Z both map to 0..25,
-- and the letter with the same value (digits in odd positions weigh as A-J).
CREATE OR REPLACE TEMP MACRO cf_char_value(c) AS
  CASE WHEN c BETWEEN '0' AND '9' THEN ascii(c) - 48 ELSE ascii(c) - 65 END;
CREATE OR REPLACE TEMP MACRO cf_letter(c) AS
  CASE WHEN c BETWEEN '0' AND '9' THEN chr(ascii(c) + 17) ELSE c END;

-- Codice fiscale of a person (16 characters, omocodia letters allowed) with a correct
-- check character. Odd positions weigh through the ministerial table (the string
-- lists the letters by weight: B=0, A=1, K=2...), even ones by value. Written as
-- fifteen explicit terms rather than a lambda so DuckDB evaluates it vectorised.
CREATE OR REPLACE TEMP MACRO cf_persona_valido(cf) AS
  regexp_full_match(cf, '[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]')
  AND chr((65 + (strpos('BAKPLCQDREVOSFTGUHMINJWZYX', cf_letter(substr(cf, 1, 1))) + cf_char_value(substr(cf, 2, 1)) + strpos('BAKPLCQDREVOSFTGUHMINJWZYX', cf_letter(substr(cf, 3, 1))) + cf_char_value(substr(cf, 4, 1)) + strpos('BAKPLCQDREVOSFTGUHMINJWZYX', cf_letter(substr(cf, 5, 1))) + cf_char_value(substr(cf, 6, 1)) + strpos('BAKPLCQDREVOSFTGUHMINJWZYX', cf_letter(substr(cf, 7, 1))) + cf_char_value(substr(cf, 8, 1)) + strpos('BAKPLCQDREVOSFTGUHMINJWZYX', cf_letter(substr(cf, 9, 1))) + cf_char_value(substr(cf, 10, 1)) + strpos('BAKPLCQDREVOSFTGUHMINJWZYX', cf_letter(substr(cf, 11, 1))) + cf_char_value(substr(cf, 12, 1)) + strpos('BAKPLCQDREVOSFTGUHMINJWZYX', cf_letter(substr(cf, 13, 1))) + cf_char_value(substr(cf, 14, 1)) + strpos('BAKPLCQDREVOSFTGUHMINJWZYX', cf_letter(substr(cf, 15, 1))) - 8) % 26)::INTEGER) = substr(cf, 16, 1);

-- Codice fiscale of a company (partita IVA, 11 digits) with a correct check digit (Luhn):
-- digits in odd positions count as they are, those in even positions doubled (minus 9
-- above 9). Ten explicit terms rather than a lambda, which DuckDB runs row by row.
CREATE OR REPLACE TEMP MACRO cf_piva_pari(d) AS CASE WHEN d * 2 > 9 THEN d * 2 - 9 ELSE d * 2 END;
CREATE OR REPLACE TEMP MACRO cf_impresa_valido(cf) AS
  regexp_full_match(cf, '[0-9]{11}')
  AND (10 - ((ascii(substr(cf, 1, 1)) - 48) + cf_piva_pari(ascii(substr(cf, 2, 1)) - 48) + (ascii(substr(cf, 3, 1)) - 48) + cf_piva_pari(ascii(substr(cf, 4, 1)) - 48) + (ascii(substr(cf, 5, 1)) - 48) + cf_piva_pari(ascii(substr(cf, 6, 1)) - 48) + (ascii(substr(cf, 7, 1)) - 48) + cf_piva_pari(ascii(substr(cf, 8, 1)) - 48) + (ascii(substr(cf, 9, 1)) - 48) + cf_piva_pari(ascii(substr(cf, 10, 1)) - 48)) % 10) % 10 = ascii(substr(cf, 11, 1)) - 48;

-- Keyed pseudonym: HMAC-SHA-256 (RFC 2104) of the value with the operator's key, given as
-- its inner and outer pads (bound parameters), truncated to 128 bits (32 hex characters).
CREATE OR REPLACE TEMP MACRO co_hmac(ipad, opad, v) AS
  left(sha256(opad || unhex(sha256(ipad || encode(v)))), 32);

-- ATECO code in dotted form (41.20.00, 41.2) from 41.20.00, 412000 or 41.2; NULL when malformed.
CREATE OR REPLACE TEMP MACRO ateco_norm(s) AS
  CASE WHEN regexp_full_match(s, '[0-9]{2}(\.[0-9]{1,2}(\.[0-9]{1,2})?)?|[0-9]{2,6}') THEN
    CASE WHEN contains(s, '.') THEN s ELSE
      left(s, 2) || CASE WHEN length(s) > 2 THEN '.' || substr(s, 3, 2) ELSE '' END
                 || CASE WHEN length(s) > 4 THEN '.' || substr(s, 5, 2) ELSE '' END END
  END;
