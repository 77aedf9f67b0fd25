-- report figures: rejected rows by reason, over every extract loaded so far.
-- grain: kind (co, inps, istat) x reason_code.
-- columns: kind, reason_code, reason (one example of its wording), righe (distinct file lines).
SELECT b.kind, r.reason_code, min(r.reason) AS reason, count(DISTINCT (r.batch_id, r.line)) AS righe
FROM rejects r JOIN batches b USING (batch_id)
GROUP BY b.kind, r.reason_code
ORDER BY righe DESC, b.kind, r.reason_code

-- test: one row per kind and reason code
SELECT kind, reason_code, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: every reason counts a rejected line
SELECT * FROM {{table}} WHERE NOT righe > 0
