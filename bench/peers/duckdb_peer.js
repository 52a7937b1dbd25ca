// DuckDB peer for bench/batch.sh: the NCT03838796 lab-and-score subset (NCT03838796-subset.trial)
// as one SQL query over the population NDJSON, read by read_ndjson with typed columns, the same
// rules as the SQLite peer (sqlite_query.sql): units converted in SQL (bilirubin mg/dL -> umol/L
// through its molar mass 584.66 g/mol, albumin and hemoglobin g/dL -> g/L, 10^3/uL = 10^9/L), the
// ULN from the patient's reference range else the catalogue's default (AST 48, ALT 55, ALP 115
// U/L), NULL (a missing value) not eligible. Writes "id,0|1" lines, as the other peers do.
//   node duckdb_peer.js POPULATION.ndjson THREADS OUT.csv
'use strict';

async function main() {
  const [pop, threads, out] = process.argv.slice(2);
  if (!pop || !threads || !out) {
    console.error('usage: node duckdb_peer.js POPULATION.ndjson THREADS OUT.csv');
    process.exit(2);
  }
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const con = await instance.connect();
  const quote = (s) => "'" + s.replace(/'/g, "''") + "'";
  const lab = 'STRUCT(analyte VARCHAR, value DOUBLE, unit VARCHAR, reference_range STRUCT(low DOUBLE, high DOUBLE))[]';
  const scores = 'STRUCT(ecog INTEGER, child_pugh VARCHAR, ascites VARCHAR, hepatic_encephalopathy VARCHAR)';
  const sql = `
COPY (
WITH pt AS (
  SELECT * FROM read_ndjson(${quote(pop)}, format = 'newline_delimited',
    columns = {id: 'VARCHAR', birth_date: 'DATE', screening_date: 'DATE', labs: '${lab}', scores: '${scores}'})
),
labs AS (
  SELECT id, l.analyte AS a, l.reference_range.high AS hi,
         CASE WHEN l.analyte = 'total_bilirubin' AND l.unit = 'mg/dL' THEN l.value * 10000.0 / 584.66
              WHEN l.analyte IN ('albumin', 'hemoglobin') AND l.unit = 'g/dL' THEN l.value * 10.0
              ELSE l.value END AS v
  FROM (SELECT id, unnest(labs) AS l FROM pt)
),
piv AS (
  SELECT id,
         max(CASE WHEN a = 'total_bilirubin' THEN v END) AS bili,
         max(CASE WHEN a = 'albumin' THEN v END) AS alb,
         max(CASE WHEN a = 'inr' THEN v END) AS inr,
         max(CASE WHEN a = 'platelets' THEN v END) AS plt,
         max(CASE WHEN a = 'absolute_neutrophils' THEN v END) AS anc,
         max(CASE WHEN a = 'hemoglobin' THEN v END) AS hb,
         max(CASE WHEN a = 'ast' THEN v END) AS ast, max(CASE WHEN a = 'ast' THEN coalesce(hi, 48) END) AS ast_uln,
         max(CASE WHEN a = 'alt' THEN v END) AS alt, max(CASE WHEN a = 'alt' THEN coalesce(hi, 55) END) AS alt_uln,
         max(CASE WHEN a = 'alp' THEN v END) AS alp, max(CASE WHEN a = 'alp' THEN coalesce(hi, 115) END) AS alp_uln
  FROM labs GROUP BY id
),
scored AS (
  SELECT pt.id, piv.*,
         scores.ecog AS ecog,
         year(screening_date) - year(birth_date)
           - CASE WHEN strftime(screening_date, '%m-%d') < strftime(birth_date, '%m-%d') THEN 1 ELSE 0 END AS age,
         CASE WHEN scores.child_pugh IS NOT NULL THEN scores.child_pugh IN ('A', 'A5', 'A6')
              ELSE (CASE WHEN bili < 2 * 10000.0 / 584.66 THEN 1 WHEN bili <= 3 * 10000.0 / 584.66 THEN 2 WHEN bili IS NOT NULL THEN 3 END)
                 + (CASE WHEN alb > 35 THEN 1 WHEN alb >= 28 THEN 2 WHEN alb IS NOT NULL THEN 3 END)
                 + (CASE WHEN inr < 1.7 THEN 1 WHEN inr <= 2.3 THEN 2 WHEN inr IS NOT NULL THEN 3 END)
                 + (CASE scores.ascites WHEN 'none' THEN 1 WHEN 'mild' THEN 2 WHEN 'moderate' THEN 3 END)
                 + (CASE scores.hepatic_encephalopathy WHEN 'none' THEN 1 WHEN 'I' THEN 2 WHEN 'II' THEN 2 WHEN 'III' THEN 3 WHEN 'IV' THEN 3 END) <= 6
         END AS cp_a
  FROM pt LEFT JOIN piv ON piv.id = pt.id
)
SELECT id, CAST(coalesce(age >= 18 AND age <= 75 AND cp_a AND ecog < 2 AND bili <= 3 * 10000.0 / 584.66 AND alb >= 28
                    AND ast <= 5 * ast_uln AND alt <= 5 * alt_uln AND alp <= 5 * alp_uln
                    AND anc >= 1.5 AND hb >= 85 AND plt >= 75 AND inr <= 2.3, false) AS INTEGER)
FROM scored
) TO ${quote(out)} (FORMAT csv, HEADER false)`;
  await con.run(sql);
  con.closeSync();
}

main().catch((e) => {
  console.error(`duckdb_peer: ${e.message}`);
  process.exit(1);
});
