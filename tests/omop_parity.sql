-- Parity of eligo sql with eligo batch (tests/omop_parity.sh). The batch rows of the same patients are loaded beside
-- the script's results; for every person and trial, each list (not_met, open, questions, at_enrolment) is compared
-- on the criteria the script expresses, so every such criterion is compared person by person as failing, open, a
-- question, at enrolment or passing; and the verdict of every trial the script expresses whole is compared.
-- :day is the run's screening date: a patient whose own screening date differs (eligo batch --date overrides it, but an
-- undated score is written on the patient's own date) is left out and counted.
-- Prints "compared N differ N verdicts N verdicts_differ N persons N batch_persons N other_day N fact_criteria N
-- lossy_persons N lossy_criteria N", then the differences.
CREATE TEMP TABLE batch_raw (doc jsonb);
\copy batch_raw(doc) FROM 'batch.ndjson' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02')
-- eligo synth --format omop and eligo export end a person's observation period on the patient's screening date.
CREATE TEMP TABLE patient_day AS
SELECT p.person_source_value AS patient, CAST(MAX(o.observation_period_end_date) AS text) AS day
FROM person p JOIN observation_period o ON o.person_id = p.person_id GROUP BY 1;
-- A person whose clinical records the OMOP tables hold only in part (eligo_export_loss: a record not confirmed, one
-- naming no catalogue concept ...): eligo batch reads the whole record, the script the tables, so the
-- criteria that read conditions, drugs or procedures are not compared for them (counted as lossy_criteria).
CREATE TEMP TABLE lossy AS
SELECT DISTINCT p.person_source_value AS patient FROM eligo_export_loss l JOIN person p ON p.person_id = l.person_id;
CREATE TEMP TABLE expressed AS
SELECT trial, array_agg(criterion) AS all_ids, count(*) AS all_n,
       COALESCE(array_agg(criterion) FILTER (WHERE NOT reads_records), '{}') AS plain_ids, count(*) FILTER (WHERE NOT reads_records) AS plain_n,
       count(*) FILTER (WHERE reads_records) AS facts_n,
       bool_and(true) AND NOT EXISTS (SELECT 1 FROM eligo_criterion o WHERE o.trial = c.trial AND o.not_expressed IS NOT NULL) AS all_whole,
       bool_or(reads_records) AS reads_records
FROM eligo_criterion c WHERE not_expressed IS NULL GROUP BY trial;
CREATE TEMP TABLE expressed_for AS
SELECT l.lossy, e.trial, CASE WHEN l.lossy THEN e.plain_ids ELSE e.all_ids END AS ids, CASE WHEN l.lossy THEN e.plain_n ELSE e.all_n END AS n,
       CASE WHEN l.lossy THEN 0 ELSE e.facts_n END AS facts_n, CASE WHEN l.lossy THEN e.facts_n ELSE 0 END AS skipped_n,
       e.all_whole AND NOT (l.lossy AND e.reads_records) AS whole
FROM expressed e CROSS JOIN (VALUES (TRUE), (FALSE)) AS l(lossy);
CREATE TEMP TABLE pairs AS
SELECT v.patient, v.trial, v.verdict AS sql_verdict, b.doc->>'verdict' AS batch_verdict, e.n, e.facts_n, e.skipped_n, e.whole,
       ARRAY(SELECT x FROM unnest(string_to_array(NULLIF(v.not_met, ''), ' ')) x WHERE x = ANY(e.ids) ORDER BY 1) AS s_not_met,
       ARRAY(SELECT x FROM jsonb_array_elements_text(b.doc->'not_met') x WHERE x = ANY(e.ids) ORDER BY 1) AS b_not_met,
       ARRAY(SELECT x FROM unnest(string_to_array(NULLIF(v.open, ''), ' ')) x WHERE x = ANY(e.ids) ORDER BY 1) AS s_open,
       ARRAY(SELECT x FROM jsonb_array_elements_text(b.doc->'open') x WHERE x = ANY(e.ids) ORDER BY 1) AS b_open,
       ARRAY(SELECT x FROM unnest(string_to_array(NULLIF(v.questions, ''), ' ')) x WHERE x = ANY(e.ids) ORDER BY 1) AS s_questions,
       ARRAY(SELECT x FROM jsonb_array_elements_text(b.doc->'questions') x WHERE x = ANY(e.ids) ORDER BY 1) AS b_questions,
       ARRAY(SELECT x FROM unnest(string_to_array(NULLIF(v.at_enrolment, ''), ' ')) x WHERE x = ANY(e.ids) ORDER BY 1) AS s_enrolment,
       ARRAY(SELECT x FROM jsonb_array_elements_text(b.doc->'at_enrolment') x WHERE x = ANY(e.ids) ORDER BY 1) AS b_enrolment
FROM eligo_verdict v
JOIN patient_day d ON d.patient = v.patient AND d.day = :'day'
JOIN expressed_for e ON e.trial = v.trial AND e.lossy = (v.patient IN (SELECT patient FROM lossy))
LEFT JOIN batch_raw b ON b.doc->>'patient' = v.patient AND b.doc->>'trial' = v.trial;
CREATE TEMP TABLE differing AS
SELECT * FROM pairs
WHERE batch_verdict IS NULL OR s_not_met <> b_not_met OR s_open <> b_open OR s_questions <> b_questions OR s_enrolment <> b_enrolment;
SELECT 'compared ' || (SELECT COALESCE(sum(n), 0) FROM pairs)
       || ' differ ' || (SELECT count(*) FROM differing)
       || ' verdicts ' || (SELECT count(*) FROM pairs WHERE whole)
       || ' verdicts_differ ' || (SELECT count(*) FROM pairs WHERE whole AND batch_verdict IS DISTINCT FROM sql_verdict)
       || ' persons ' || (SELECT count(DISTINCT patient) FROM eligo_verdict)
       || ' batch_persons ' || (SELECT count(DISTINCT doc->>'patient') FROM batch_raw)
       || ' other_day ' || (SELECT count(*) FROM patient_day WHERE day <> :'day')
       || ' fact_criteria ' || (SELECT COALESCE(sum(facts_n), 0) FROM pairs)
       || ' lossy_persons ' || (SELECT count(*) FROM lossy)
       || ' lossy_criteria ' || (SELECT COALESCE(sum(skipped_n), 0) FROM pairs);
SELECT patient || ' ' || trial || ': not_met ' || b_not_met::text || ' / ' || s_not_met::text || ', open ' || b_open::text || ' / ' || s_open::text
       || ', questions ' || b_questions::text || ' / ' || s_questions::text || ' (batch / sql)'
FROM differing ORDER BY 1 LIMIT 20;
SELECT patient || ' ' || trial || ': verdict batch ' || COALESCE(batch_verdict, 'no row') || ', sql ' || sql_verdict
FROM pairs WHERE whole AND batch_verdict IS DISTINCT FROM sql_verdict ORDER BY 1 LIMIT 20;
