-- The lines of one file that are not records (wrong number of fields, an unclosed
-- quote, a line too long or that cannot be decoded), as the safe copy wrote them to
-- its file of bad lines (writeSafeCopy.ts, BAD_LINE_COLUMNS): one reject each, with
-- no column and no value (the line is not split into values).

INSERT INTO rejects
SELECT $batch_id, $file_name, b.line, NULL, NULL, b.reason_code, r.reason || ' (' || b.detail || ')'
FROM read_csv($bad_path, delim = ';', quote = '"', escape = '"', header = false, auto_detect = false, columns = $bad_columns) b
JOIN reject_reasons r ON r.code = b.reason_code
ORDER BY b.line
