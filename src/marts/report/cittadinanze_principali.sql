-- report figures: the ten largest non-EU citizenships of the semester, by activations.
-- grain: cittadinanza (ISTAT code; ten rows at most, citizenships with activations only).
-- columns: cittadinanza, nome, attivazioni, cessazioni, saldo for $semestre, and
--   attivazioni_prec / attivazioni_anno_prec for the previous semester and the same
--   semester a year before (NULL when that semester has none).
-- reads (slots filled with the staged tables, ReportContext.tables): rep_cittadinanze, co_cittadinanze for the semesters compared (within the province).
WITH per_semestre AS (
  SELECT semestre, cittadinanza, any_value(nome) AS nome,
         sum(attivazioni)::BIGINT AS attivazioni, sum(cessazioni)::BIGINT AS cessazioni, sum(saldo)::BIGINT AS saldo
  FROM {{rep_cittadinanze}} GROUP BY semestre, cittadinanza
)
SELECT c.cittadinanza, c.nome, c.attivazioni, c.cessazioni, c.saldo,
       p.attivazioni AS attivazioni_prec, a.attivazioni AS attivazioni_anno_prec
FROM per_semestre c
LEFT JOIN per_semestre p ON p.cittadinanza = c.cittadinanza AND p.semestre = $semestre_prec
LEFT JOIN per_semestre a ON a.cittadinanza = c.cittadinanza AND a.semestre = $semestre_anno_prec
WHERE c.semestre = $semestre AND c.attivazioni > 0
ORDER BY c.attivazioni DESC, c.cittadinanza
LIMIT 10

-- test: one row per citizenship
SELECT cittadinanza, count(*) AS n FROM {{table}} GROUP BY ALL HAVING count(*) > 1

-- test: ten citizenships at most
SELECT count(*) AS cittadinanze FROM {{table}} HAVING count(*) > 10

-- test: every citizenship has activations in the semester
SELECT * FROM {{table}} WHERE NOT attivazioni > 0

-- test: saldo = attivazioni - cessazioni
SELECT * FROM {{table}} WHERE saldo <> attivazioni - cessazioni
