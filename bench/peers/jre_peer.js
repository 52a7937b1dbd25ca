// json-rules-engine (npm) on the NCT03838796 lab-and-score subset, as a user of it would
// write it: facts computed per patient in user code (units converted here: bilirubin mg/dL
// -> µmol/L through the molar mass 584.66 g/mol, albumin and hemoglobin g/dL -> g/L; ULN
// from the patient's reference range, else the catalogue default), one rule with "all"
// conditions. A fact that is missing stays undefined, and an undefined fact fails its
// condition (allowUndefinedFacts), so a patient missing a lab cannot be eligible.
//
//   node jre_peer.js PATIENTS.ndjson > verdicts.csv      (id,1 for eligible, id,0 otherwise)
'use strict';
const fs = require('fs');
const readline = require('readline');
const { Engine } = require('json-rules-engine');

const MG_DL_TO_UMOL_L = 10000 / 584.66;
const DEFAULT_ULN = { ast: 48, alt: 55, alp: 115 };

function completedYears(born, on) {
  const [by, bm, bd] = born.split('-').map(Number);
  const [oy, om, od] = on.split('-').map(Number);
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

function facts(p) {
  const lab = {};
  for (const l of p.labs || []) {
    let v = l.value;
    if (l.analyte === 'total_bilirubin' && l.unit === 'mg/dL') v *= MG_DL_TO_UMOL_L;
    if ((l.analyte === 'albumin' || l.analyte === 'hemoglobin') && l.unit === 'g/dL') v *= 10;
    lab[l.analyte] = { v, uln: l.reference_range ? l.reference_range.high : undefined };
  }
  const f = {};
  if (p.birth_date && p.screening_date) f.age = completedYears(p.birth_date, p.screening_date);
  const s = p.scores || {};
  if (s.ecog !== undefined) f.ecog = s.ecog;
  // Child-Pugh: the recorded class, else the points of its five items (all needed).
  if (s.child_pugh !== undefined) f.childPughA = ['A', 'A5', 'A6'].includes(s.child_pugh);
  else {
    const b = lab.total_bilirubin, a = lab.albumin, i = lab.inr;
    const asc = { none: 1, mild: 2, moderate: 3 }[s.ascites];
    const he = { none: 1, I: 2, II: 2, III: 3, IV: 3 }[s.hepatic_encephalopathy];
    if (b && a && i && asc && he) {
      const pts = (b.v < 2 * MG_DL_TO_UMOL_L ? 1 : b.v <= 3 * MG_DL_TO_UMOL_L ? 2 : 3) + (a.v > 35 ? 1 : a.v >= 28 ? 2 : 3) +
                  (i.v < 1.7 ? 1 : i.v <= 2.3 ? 2 : 3) + asc + he;
      f.childPughA = pts <= 6;
    }
  }
  const put = (name, analyte) => { if (lab[analyte]) f[name] = lab[analyte].v; };
  put('bilirubin', 'total_bilirubin'); put('albumin', 'albumin'); put('inr', 'inr');
  put('neutrophils', 'absolute_neutrophils'); put('hemoglobin', 'hemoglobin'); put('platelets', 'platelets');
  for (const a of ['ast', 'alt', 'alp'])
    if (lab[a]) f[a + 'TimesUln'] = lab[a].v / (lab[a].uln !== undefined ? lab[a].uln : DEFAULT_ULN[a]);
  return f;
}

const rule = {
  conditions: {
    all: [
      { fact: 'age', operator: 'greaterThanInclusive', value: 18 },
      { fact: 'age', operator: 'lessThanInclusive', value: 75 },
      { fact: 'childPughA', operator: 'equal', value: true },
      { fact: 'ecog', operator: 'lessThan', value: 2 },
      { fact: 'bilirubin', operator: 'lessThanInclusive', value: 3 * MG_DL_TO_UMOL_L },
      { fact: 'albumin', operator: 'greaterThanInclusive', value: 28 },
      { fact: 'astTimesUln', operator: 'lessThanInclusive', value: 5 },
      { fact: 'altTimesUln', operator: 'lessThanInclusive', value: 5 },
      { fact: 'alpTimesUln', operator: 'lessThanInclusive', value: 5 },
      { fact: 'neutrophils', operator: 'greaterThanInclusive', value: 1.5 },
      { fact: 'hemoglobin', operator: 'greaterThanInclusive', value: 85 },
      { fact: 'platelets', operator: 'greaterThanInclusive', value: 75 },
      { fact: 'inr', operator: 'lessThanInclusive', value: 2.3 },
    ],
  },
  event: { type: 'eligible' },
};

async function main() {
  const engine = new Engine([rule], { allowUndefinedFacts: true });
  const rl = readline.createInterface({ input: fs.createReadStream(process.argv[2]), crlfDelay: Infinity });
  const out = [];
  for await (const line of rl) {
    if (!line.trim()) continue;
    const p = JSON.parse(line);
    const { events } = await engine.run(facts(p));
    out.push(p.id + ',' + (events.length ? 1 : 0));
    if (out.length >= 10000) { process.stdout.write(out.join('\n') + '\n'); out.length = 0; }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
