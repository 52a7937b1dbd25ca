-- The NCT03838796 lab-and-score subset (NCT03838796-subset.trial) as one SQL query over
-- patients loaded as JSON text (table p, one row per NDJSON line). Units are converted
-- here, as a user of SQL has to: bilirubin mg/dL -> umol/L (molar mass 584.66 g/mol),
-- albumin and hemoglobin g/dL -> g/L; 10^3/uL equals 10^9/L. The ULN is the patient's
-- reference range, else the catalogue's default (AST 48, ALT 55, ALP 115 U/L).
-- A missing value makes a comparison NULL, and NULL is not eligible.
.mode list
.separator ","
WITH labs AS (
  SELECT p.rowid AS rid,
         json_extract(l.value, '$.analyte') AS a,
         json_extract(l.value, '$.value') AS v,
         json_extract(l.value, '$.unit') AS u,
         json_extract(l.value, '$.reference_range.high') AS hi
  FROM p, json_each(p.doc, '$.labs') AS l
),
conv AS (
  SELECT rid, a, hi,
         CASE WHEN a = 'total_bilirubin' AND u = 'mg/dL' THEN v * 10000.0 / 584.66
              WHEN a IN ('albumin', 'hemoglobin') AND u = 'g/dL' THEN v * 10.0
              ELSE v END AS v
  FROM labs
),
pivot AS (
  SELECT rid,
         max(CASE WHEN a = 'total_bilirubin' THEN v END) AS bili,
         max(CASE WHEN a = 'albumin' THEN v END) AS alb,
         max(CASE WHEN a = 'inr' THEN v END) AS inr,
         max(CASE WHEN a = 'platelets' THEN v END) AS plt,
         max(CASE WHEN a = 'absolute_neutrophils' THEN v END) AS anc,
         max(CASE WHEN a = 'hemoglobin' THEN v END) AS hb,
         max(CASE WHEN a = 'ast' THEN v END) AS ast, max(CASE WHEN a = 'ast' THEN coalesce(hi, 48) END) AS ast_uln,
         max(CASE WHEN a = 'alt' THEN v END) AS alt, max(CASE WHEN a = 'alt' THEN coalesce(hi, 55) END) AS alt_uln,
         max(CASE WHEN a = 'alp' THEN v END) AS alp, max(CASE WHEN a = 'alp' THEN coalesce(hi, 115) END) AS alp_uln
  FROM conv GROUP BY rid
),
pt AS (
  SELECT p.rowid AS rid, json_extract(p.doc, '$.id') AS id,
         json_extract(p.doc, '$.birth_date') AS born, json_extract(p.doc, '$.screening_date') AS on_date,
         json_extract(p.doc, '$.scores.ecog') AS ecog,
         json_extract(p.doc, '$.scores.child_pugh') AS cp,
         json_extract(p.doc, '$.scores.ascites') AS ascites,
         json_extract(p.doc, '$.scores.hepatic_encephalopathy') AS he
  FROM p
),
scored AS (
  SELECT pt.*, pivot.*,
         (CAST(strftime('%Y', on_date) AS INTEGER) - CAST(strftime('%Y', born) AS INTEGER)
           - (strftime('%m-%d', on_date) < strftime('%m-%d', born))) AS age,
         -- Child-Pugh: the recorded class, else the points from its five items.
         CASE WHEN cp IS NOT NULL THEN cp IN ('A', 'A5', 'A6')
              ELSE (CASE WHEN bili < 2 * 10000.0 / 584.66 THEN 1 WHEN bili <= 3 * 10000.0 / 584.66 THEN 2 WHEN bili IS NOT NULL THEN 3 END)
                 + (CASE WHEN alb > 35 THEN 1 WHEN alb >= 28 THEN 2 WHEN alb IS NOT NULL THEN 3 END)
                 + (CASE WHEN inr < 1.7 THEN 1 WHEN inr <= 2.3 THEN 2 WHEN inr IS NOT NULL THEN 3 END)
                 + (CASE ascites WHEN 'none' THEN 1 WHEN 'mild' THEN 2 WHEN 'moderate' THEN 3 END)
                 + (CASE he WHEN 'none' THEN 1 WHEN 'I' THEN 2 WHEN 'II' THEN 2 WHEN 'III' THEN 3 WHEN 'IV' THEN 3 END) <= 6
         END AS cp_a
  FROM pt LEFT JOIN pivot ON pivot.rid = pt.rid
)
SELECT id, coalesce(age >= 18 AND age <= 75 AND cp_a AND ecog < 2 AND bili <= 3 * 10000.0 / 584.66 AND alb >= 28
                    AND ast <= 5 * ast_uln AND alt <= 5 * alt_uln AND alp <= 5 * alp_uln
                    AND anc >= 1.5 AND hb >= 85 AND plt >= 75 AND inr <= 2.3, 0)
FROM scored ORDER BY rid;
