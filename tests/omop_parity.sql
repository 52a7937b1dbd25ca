-- Parity of eligo sql with eligo batch (tests/omop_parity.sh): the batch rows of the same population are loaded
-- beside the script's results, and every criterion the script expresses is compared person by person, as
-- failing (not_met), open, questions, at_enrolment or passing; and the verdict of every trial the script expresses
-- whole. Prints "compared N differ N verdicts N verdicts_differ N", then the differences (at most 40).
CREATE TEMP TABLE batch_raw (doc jsonb);
\copy batch_raw(doc) FROM 'batch.ndjson' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02')
CREATE TEMP TABLE batch_row AS
SELECT doc->>'patient' AS patient, doc->>'trial' AS trial, doc->>'verdict' AS verdict, doc FROM batch_raw;
CREATE TEMP TABLE batch_class AS
SELECT patient, trial, x AS criterion, k AS class
FROM batch_row, LATERAL (SELECT 'not_met' AS k, jsonb_array_elements_text(doc->'not_met') AS x
                         UNION ALL SELECT 'open', jsonb_array_elements_text(doc->'open')
                         UNION ALL SELECT 'questions', jsonb_array_elements_text(doc->'questions')
                         UNION ALL SELECT 'at_enrolment', jsonb_array_elements_text(doc->'at_enrolment')) l;
CREATE TEMP TABLE sql_class AS
SELECT patient, trial, x AS criterion, k AS class
FROM eligo_verdict, LATERAL (SELECT 'not_met' AS k, regexp_split_to_table(NULLIF(not_met, ''), ' ') AS x
                             UNION ALL SELECT 'open', regexp_split_to_table(NULLIF(open, ''), ' ')
                             UNION ALL SELECT 'questions', regexp_split_to_table(NULLIF(questions, ''), ' ')
                             UNION ALL SELECT 'at_enrolment', regexp_split_to_table(NULLIF(at_enrolment, ''), ' ')) l;
CREATE INDEX ON batch_row (patient, trial);
CREATE INDEX ON batch_class (patient, trial, criterion);
CREATE INDEX ON sql_class (patient, trial, criterion);
ANALYZE;
CREATE TEMP TABLE parity AS
SELECT v.patient, c.trial, c.criterion, COALESCE(b.class, 'passes') AS batch, COALESCE(s.class, 'passes') AS sql
FROM eligo_verdict v JOIN eligo_criterion c ON c.trial = v.trial AND c.not_expressed IS NULL
LEFT JOIN batch_class b ON b.patient = v.patient AND b.trial = c.trial AND b.criterion = c.criterion
LEFT JOIN sql_class s ON s.patient = v.patient AND s.trial = c.trial AND s.criterion = c.criterion;
CREATE TEMP TABLE verdicts AS
SELECT v.patient, v.trial, v.verdict AS sql, b.verdict AS batch
FROM eligo_verdict v LEFT JOIN batch_row b ON b.patient = v.patient AND b.trial = v.trial
WHERE NOT EXISTS (SELECT 1 FROM eligo_criterion c WHERE c.trial = v.trial AND c.not_expressed IS NOT NULL);
SELECT 'compared ' || (SELECT count(*) FROM parity) || ' differ ' || (SELECT count(*) FROM parity WHERE batch <> sql)
       || ' verdicts ' || (SELECT count(*) FROM verdicts) || ' verdicts_differ ' || (SELECT count(*) FROM verdicts WHERE batch IS DISTINCT FROM sql)
       || ' persons ' || (SELECT count(DISTINCT patient) FROM eligo_verdict) || ' batch_persons ' || (SELECT count(DISTINCT patient) FROM batch_row);
SELECT patient || ' ' || criterion || ': batch ' || batch || ', sql ' || sql FROM parity WHERE batch <> sql ORDER BY 1 LIMIT 20;
SELECT patient || ' ' || trial || ': batch ' || COALESCE(batch, 'no row') || ', sql ' || sql FROM verdicts WHERE batch IS DISTINCT FROM sql ORDER BY 1 LIMIT 20;
