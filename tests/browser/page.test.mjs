// End-to-end test of the investigator's page, run by CTest (tests/CMakeLists.txt):
// eligo serve on an ephemeral loopback port, Debian's chromium headless, driven by playwright-core.
//   1. load the page;
//   2. fill the form with the example eligible patient's data and see "eligible" for NCT03838796;
//   3. paste the example ineligible patient and see the failing criterion's "why", and a nested
//      criterion's why as a tree;
//   4. test a criterion that does not compile and see the caret;
//   5. save screenshots (ELIGO_ARTIFACTS, default build/artifacts);
//   6. a result goes out of date on any change of input or trial, until the next check;
//   7. a failed check replaces the result;
//   8. all trials: the table sorts, filters by verdict, searches, marks a near miss, opens a row's detail;
//   9. every NCT id links to its ClinicalTrials.gov record; other ids do not;
//  10. a result starts with the answer: verdict, why not, questions, data, at enrolment, then every criterion collapsed;
//  11. a real Synthea bundle: the patient's header (name, sex, birth date, age, screening date) and the profile tab,
//      which shows what eligo profile prints;
//  12. a bundle with an unusable part loads with a warning that lists it;
//  13. errors in plain words, pointing at the field: a pasted record's element, a form's control;
//  14. what these add works by keyboard and at 390 px wide;
//  15. print and export: one trial prints on at most 2 A4 pages with the record of the screening (Eligo's version, the
//      trial file and its SHA-256, the screening date, the inputs) and a reviewer/date line; all trials print as the
//      table only; CSV and JSON downloads of the result;
// 15b. every trial of rules/ prints on at most 2 A4 pages for the eligible example (a few giant trials on 3), with
//      every criterion on paper with its result, and the failing and open ones with their why;
//  16. accessibility: axe-core finds no serious or critical violation on the main states; labels, focus order,
//      visible focus, and 390 px wide.
//  17. what-if: a value of an uploaded bundle changed in place re-checks, marked at the top, on the trial and beside
//      each criterion it moved, in print too; "Reset to record" restores the record's result;
//  17b. what-if on the history: a medication removed, and one added from the trials' concepts, moves "No lenvatinib
//      treatment history", marked at the top and beside it, in print too;
//  18. answers in the page: a question answered inline re-checks; the answers download as a FHIR QuestionnaireResponse
//      that eligo check reads in a bundle, and load again into a fresh page with the same result.
// Usage: node page.test.mjs ELIGO_BIN SOURCE_DIR ARTIFACT_DIR
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const [bin, src, artifacts] = process.argv.slice(2);
if (!bin || !src || !artifacts) {
  console.error('usage: node page.test.mjs ELIGO_BIN SOURCE_DIR ARTIFACT_DIR');
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error('playwright-core is not installed in tests/browser/node_modules: run scripts/install-deps.sh --test (it runs npm ci there)');
  process.exit(1);
}
if (!existsSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'))) {
  console.error('axe-core is not installed in tests/browser/node_modules: run scripts/install-deps.sh --test (it runs npm ci there)');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: run scripts/install-deps.sh --test (it installs Debian's chromium)`);
  process.exit(1);
}
mkdirSync(artifacts, { recursive: true });
// A FHIR bundle Eligo rejects (an Observation, and no Patient): a 400 that names the field.
const REJECTED_BUNDLE = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [
  { resource: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '777-3' }] },
    effectiveDateTime: '2026-10-01', valueQuantity: { value: 75, unit: '10*9/L' } } },
] });
const example = (name) => JSON.parse(readFileSync(join(src, 'patients/examples', name), 'utf8'));
// A real Synthea bundle (shared with the repository's checkout, as in step 3b): Tom Goodwin, male, born 1968-04-30.
const SYNTHEA = join(src, '../shared/fhir/Tom_Goodwin_e20de9eb-6f2d-4871-a43f-bbede53293ed.json');
// What the CLI prints for a patient file: the page's profile tab shows the same.
const eligo = (...args) => execFileSync(bin, args, { cwd: src, encoding: 'utf8', maxBuffer: 64 << 20 });

// ---- the server ---------------------------------------------------------------
const server = spawn(bin, ['serve', '--port', '0', '--trials', join(src, 'rules')], { cwd: src, stdio: ['ignore', 'pipe', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
const base = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error(`eligo serve did not start in 30 s: ${out} ${serverLog}`)), 30000);
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/listening on (http:\/\/[^ \n]+?)\/?\n/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on('exit', (code) => reject(new Error(`eligo serve exited with ${code}: ${serverLog}`)));
});
console.log(`server: ${base}`);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-proxy-server'],
});
let failed = false;
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
const consoleErrors = [];
// An API answer of 400 is the page's own error path (step 4); anything else logged as an error is a fault.
page.on('console', (m) => { if (m.type() === 'error' && !/status of 400/.test(m.text())) consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));
page.setDefaultTimeout(20000);

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${name}\n     ${String(e.message || e).split('\n').join('\n     ')}`);
    await page.screenshot({ path: join(artifacts, 'page-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  }
}

// Picks the option of a <select> whose value, or one of the names in its text, is `want`.
async function choose(name, want) {
  const sel = page.locator(`[name="${name}"]`);
  const value = await sel.evaluate((s, w) => {
    const norm = (x) => String(x).toLowerCase().trim();
    for (const o of s.options) {
      // "II / M2", "2 (II, IIE)", "×10^9/L": the value, the whole text, or one of the names in it.
      const names = [o.value, o.text, ...o.text.split(/ \/ |, |\(|\)| /)].map(norm);
      if (names.includes(norm(w))) return o.value;
    }
    return null;
  }, String(want));
  assert.ok(value !== null, `no choice '${want}' in ${name}`);
  await sel.selectOption(value);
}

// No "null", "undefined" or "NaN" anywhere on the page: every absent value is left out, not printed.
async function noBadWords(state) {
  const text = await page.evaluate(() => `${document.body.innerText}\n${document.querySelector('main').textContent}`);
  const m = text.match(/.{0,60}\b(null|undefined|NaN)\b.{0,60}/);
  assert.equal(m, null, `${state}: the page reads '${m && m[0]}'`);
}

const staleNote = () => page.locator('#stale-note');
async function expectStale(what) {
  await staleNote().waitFor({ state: 'visible' });
  assert.match(await page.locator('#stale-text').textContent(), new RegExp(`^Out of date — check again: ${what} changed after this result\\.$`));
  assert.match(await page.locator('#results').getAttribute('class'), /\bstale\b/);
}
async function expectFresh() {
  await staleNote().waitFor({ state: 'hidden' });
  assert.doesNotMatch(await page.locator('#results').getAttribute('class') || '', /\bstale\b/);
}

try {
  await step('1. the page loads, with every trial to pick from', async () => {
    await page.goto(base + '/');
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.title(), 'Eligo: check a candidate');
    const n = await page.locator('#trial option').count();
    assert.ok(n >= 5, `only ${n} trial options`);
  });

  await step('1b. the form asks each lab in the unit the trial writes, shows what a value is read as, and an empty lab date is the screening date', async () => {
    // NCT03838796 writes "Total bilirubin≤3.0 mg/dL": the form asks bilirubin in mg/dL, not in the SI unit.
    await page.selectOption('#trial', 'NCT03838796');
    await page.click('#tab-form');
    const value = page.locator('[name="lab:total_bilirubin:value"]');
    await value.waitFor();
    const unit = page.locator('[name="lab:total_bilirubin:unit"]');
    assert.equal(await unit.inputValue(), 'mg/dL');
    // Every unit of the analyte stays on the list, for a lab report in another.
    assert.deepEqual(await unit.locator('option').allTextContents(), ['µmol/L', 'mg/dL', 'mmol/L']);
    // Albumin is written in g/L there ("albumin≥28 g/L"): asked in g/L.
    assert.equal(await page.locator('[name="lab:albumin:unit"]').inputValue(), 'g/L');
    // Typed by keyboard: the value read beside it as it is typed, by the engine's factor (through the molar mass).
    const read = page.locator('#lab-total_bilirubin-read');
    await value.focus();
    await page.keyboard.type('4.5');
    assert.equal((await read.textContent()).trim(), '4.5 mg/dL = 77 µmol/L (through its molar mass, 584.66 g/mol)');
    assert.equal(await value.getAttribute('aria-describedby'), 'lab-total_bilirubin-read');
    // Tab reaches the unit; a report in µmol/L: the value in the trial's unit.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.name), 'lab:total_bilirubin:unit');
    await choose('lab:total_bilirubin:unit', 'µmol/L');
    assert.equal((await read.textContent()).trim(), "4.5 µmol/L = 0.263 mg/dL, the trial's unit (through its molar mass, 584.66 g/mol)");
    await choose('lab:total_bilirubin:unit', 'mg/dL');
    assert.match(await read.textContent(), /^4\.5 mg\/dL = 77 µmol\/L/);
    // No screening date and no lab date: the lab is dated the screening date (today), not refused as undated.
    await page.fill('#date', '');
    await page.click('#run');
    const verdict = page.locator('#trial-NCT03838796 .verdict');
    await verdict.waitFor();
    assert.equal(await page.locator('#summary .check-error').count(), 0);
    assert.equal((await verdict.textContent()).trim(), '✗ INELIGIBLE');
    const today = await page.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; });
    assert.equal((await page.locator('#results-meta .ph-date dd').textContent()).trim(), today);
    // 4.5 mg/dL fails "≤ 3.0 mg/dL" (never read as 4.5 µmol/L, which would meet it).
    const why = page.locator('#trial-NCT03838796 .why-not li.failing', { hasText: 'Total bilirubin≤3.0 mg/dL' });
    await why.waitFor();
    assert.match(await why.textContent(), new RegExp(`4\\.5 mg/dL \\(${today}\\)`));
    // A screening date chosen: the empty lab date is that date.
    await page.fill('#date', '2026-11-02');
    await page.click('#run');
    await expectFresh();
    assert.match(await why.textContent(), /4\.5 mg\/dL \(2026-11-02\)/);
    // A lab date of its own is used as given.
    await page.fill('[name="lab:total_bilirubin:date"]', '2026-10-30');
    await page.click('#run');
    await expectFresh();
    assert.match(await why.textContent(), /4\.5 mg\/dL \(2026-10-30\)/);
    await noBadWords('the form with a converted value');
    // At 390 px, every lab row, its value read beside it included, fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const right of await page.locator('#form .lab').evaluateAll((es) => es.map((e) => e.getBoundingClientRect().right))) {
      assert.ok(right <= 390, `a lab row reaches ${right} px`);
    }
    assert.ok((await read.evaluate((e) => e.getBoundingClientRect().right)) <= 390);
    await page.screenshot({ path: join(artifacts, 'page-form-units-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.fill('[name="lab:total_bilirubin:value"]', '');
    await page.fill('[name="lab:total_bilirubin:date"]', '');
  });

  await step('2. the form, filled with the example eligible patient, gives "eligible" for NCT03838796', async () => {
    const p = example('eligible.json');
    // Choosing the trial re-renders the form when its inputs arrive: mark the fields on screen and wait for new ones, so that
    // nothing is typed into a field about to be replaced (a CI run lost the typed patient id that way).
    await page.evaluate(() => { for (const e of document.querySelectorAll('#form [name]')) e.dataset.stale = '1'; });
    await page.selectOption('#trial', 'NCT03838796');
    await page.click('#tab-form');
    await page.waitForSelector('[name="id"]:not([data-stale])');
    await page.waitForSelector('[name="lab:platelets:value"]');
    await page.fill('#date', p.screening_date);
    await page.fill('[name="id"]', 'EX-ELIGIBLE (form)');
    await page.fill('[name="birth_date"]', p.birth_date);
    await choose('sex', p.sex);
    const ids = { 'total bilirubin': 'total_bilirubin', albumin: 'albumin', AST: 'ast', ALT: 'alt', ALP: 'alp',
      'absolute neutrophil count': 'absolute_neutrophils', hemoglobin: 'hemoglobin', platelets: 'platelets', INR: 'inr' };
    const units = { 'IU/L': 'U/L', '10^9/L': '×10^9/L', 1: '(no unit)' };
    for (const lab of p.labs) {
      const id = ids[lab.analyte];
      assert.ok(id, `no form field for ${lab.analyte}`);
      await page.fill(`[name="lab:${id}:value"]`, String(lab.value));
      await page.fill(`[name="lab:${id}:date"]`, lab.date);
      await choose(`lab:${id}:unit`, units[lab.unit] || lab.unit);
      if (lab.reference_range && (await page.locator(`[name="lab:${id}:uln"]`).count())) await page.fill(`[name="lab:${id}:uln"]`, String(lab.reference_range.high));
    }
    await page.fill('[name="lab:tumour_number:value"]', String(p.tumour.number));
    await page.fill('[name="lab:tumour_size:value"]', String(p.tumour.size.value));
    for (const id of ['tumour_number', 'tumour_size']) await page.fill(`[name="lab:${id}:date"]`, p.tumour.date);
    await choose('lab:tumour_size:unit', p.tumour.size.unit);
    await page.fill('[name="score_date"]', p.scores.ecog.date);
    for (const [score, v] of Object.entries(p.scores)) await choose(`score:${score}`, typeof v === 'object' ? v.value : v);
    for (const [f, v] of Object.entries(p.findings)) await choose(`finding:${f}`, v ? 'present' : 'absent');
    // History: the example's HCC diagnosis and its R0 resection; every other item the trial asks about answered "no".
    const yes = ['history:conditions:hepatocellular_carcinoma', 'history:procedures:r0_resection'];
    for (const sel of await page.locator('select[name^="history:"]').all()) {
      const name = await sel.getAttribute('name');
      await sel.selectOption(yes.includes(name) ? 'yes' : 'no');
    }
    await page.fill('[name="history:conditions:hepatocellular_carcinoma:date"]', p.conditions[0].onset);
    await page.fill('[name="history:procedures:r0_resection:date"]', p.procedures[0].date);
    await page.click('#run');
    const verdict = page.locator('#trial-NCT03838796 .verdict');
    await verdict.waitFor();
    await expectFresh();  // step 1b's result was on screen: this is the new one
    assert.equal((await verdict.textContent()).trim(), '✓ ELIGIBLE');
    assert.equal((await page.locator('#results-meta .ph-name').textContent()).trim(), 'Patient EX-ELIGIBLE (form)');
    assert.equal((await page.locator('#results-meta .ph-date dd').textContent()).trim(), '2026-11-02');
    // Every criterion is listed with its registry wording and its why.
    const items = page.locator('#trial-NCT03838796 ul.criteria > li.criterion');
    assert.equal(await items.count(), 19);
    assert.match(await page.locator('#trial-NCT03838796').textContent(), /PLT≥75×10\\\^9\/L/);
    await page.screenshot({ path: join(artifacts, 'page-eligible-form.png'), fullPage: true });
  });

  await step('3. the pasted ineligible patient shows the failing criterion and its why', async () => {
    await page.click('#tab-file');
    await page.fill('#patient-text', readFileSync(join(src, 'patients/examples/ineligible.json'), 'utf8'));
    await page.click('#run');
    const verdict = page.locator('#trial-NCT03838796 .verdict');
    await page.waitForFunction(() => document.querySelector('#trial-NCT03838796 .verdict')?.textContent.includes('INELIGIBLE'));
    assert.equal((await verdict.textContent()).trim(), '✗ INELIGIBLE');
    const failing = page.locator('#trial-NCT03838796 li.failing');
    assert.ok((await failing.count()) >= 1, 'no failing criterion shown');
    const why = page.locator('#trial-NCT03838796 .why-not li.failing .why', { hasText: 'Platelets 62,000 /µL' });
    await why.waitFor();
    assert.ok(await why.isVisible());
    assert.match(await why.textContent(), /Platelets 62,000 \/µL \(2026-10-29\) = 62 ×10\^9\/L ≥ 75 ×10\^9\/L: not met/);
    assert.match(await page.locator('#trial-NCT03838796 li.failing .badge').first().textContent(), /✗ not met/);
    // A list nested in a list (line 56) is a tree: each part on its own line with its result in words.
    const line55 = page.locator('#trial-NCT03838796 li.satisfied', { hasText: 'line 55' });
    assert.equal(await line55.locator(':scope > .why').count(), 0);  // its nested bullets explain it
    const nested = page.locator('#trial-NCT03838796 li.nested', { hasText: 'line 56' }).locator(':scope > .why');
    assert.match(await nested.textContent(), /^why: all of:/);
    const parts = nested.locator(':scope > ul.parts > li');
    assert.equal(await parts.count(), 2);
    assert.match(await parts.nth(1).textContent(), /^metany of:not met\s*Number of tumours 1 \(2026-10-05\) ≥ 3: not met/);
    assert.equal(await parts.nth(1).locator('ul.parts > li').count(), 5);  // 3 parts, and the nested all-of's 2
    assert.match(await nested.textContent(), /unknownclear tumour margin: not recorded, where absence is required/);
    // Line 54 is met, and its unread word stands beside the result.
    const line54 = page.locator('#trial-NCT03838796 li.criterion', { hasText: 'line 54' }).locator(':scope > .unread');
    assert.equal((await line54.textContent()).trim(), 'unread (not checked): ‘pathological’');
  });

  await step('3b. a deceased patient (a real Synthea bundle) is not screenable, with the date of death', async () => {
    // The bundle's Patient (deceasedDateTime 1993-03-22) alone: the whole bundle is megabytes to type into the page.
    const bundle = JSON.parse(readFileSync(join(src, '../shared/fhir/Paris_Jaskolski_37d40109-b1a6-46ca-b4c8-0da1c8fb2d57.json'), 'utf8'));
    bundle.entry = bundle.entry.filter((e) => e.resource.resourceType === 'Patient');
    await page.fill('#patient-text', JSON.stringify(bundle));
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#trial-NCT03838796 .verdict')?.textContent.includes('NOT SCREENABLE'));
    assert.equal((await page.locator('#trial-NCT03838796 .verdict').textContent()).trim(), '⊘ NOT SCREENABLE');
    assert.equal((await page.locator('#trial-NCT03838796 .not-screenable-note').textContent()).trim(), 'Not screenable: deceased on 1993-03-22.');
    assert.match(await page.locator('#warnings').textContent(), /deceased on 1993-03-22: not screenable/);
    // The header names the patient and says the patient died, and when.
    assert.equal((await page.locator('#results-meta .ph-deceased').textContent()).trim(), 'Deceased on 1993-03-22');
    assert.match(await page.locator('#results-meta .ph-age dd').textContent(), /^\d+ years at death$/);
    assert.equal(await page.locator('#trial-NCT03838796 ul.criteria > li').count(), 0);
    // Back to the ineligible patient for the criterion tests below.
    await page.fill('#patient-text', readFileSync(join(src, 'patients/examples/ineligible.json'), 'utf8'));
  });

  await step('3c. all trials for the eligible patient: ranked, with pending questions, questions to ask and criterion kinds', async () => {
    await page.selectOption('#trial', '');
    await page.fill('#patient-text', readFileSync(join(src, 'patients/examples/eligible.json'), 'utf8'));
    await page.click('#run');
    await page.waitForFunction(() => document.querySelectorAll('#trials details.trial').length > 4);
    // Ranked as eligo screen ranks: the one eligible trial first, then those pending questions.
    const first = page.locator('#trials details.trial').first();
    assert.equal(await first.getAttribute('id'), 'trial-NCT03838796');
    assert.equal((await first.locator('.verdict').textContent()).trim(), '✓ ELIGIBLE');
    assert.match(await page.locator('#trials details.trial').nth(1).getAttribute('class'), /verdict-pending_questions/);
    assert.match(await page.locator('#trials details.trial').last().getAttribute('class'), /verdict-ineligible/);
    const pending = page.locator('#trials details.verdict-pending_questions').first();
    assert.equal((await pending.locator('.verdict').textContent()).trim(), '? PENDING QUESTIONS');
    assert.match(await pending.locator('.questions h4').textContent(), /Questions to ask/);
    assert.match(await page.locator('#summary').textContent(), /\d+ trials: 1 eligible, \d+ pending questions, \d+ indeterminate, \d+ ineligible/);
    assert.match(await first.locator('li.criterion .kind').first().textContent(), /^(data|question|at enrolment)$/);
    assert.match(await first.locator('.crit-id').first().textContent(), /^id: NCT03838796-[0-9a-f]{8}$/);
    assert.doesNotMatch(await page.locator('main').textContent(), /\bnull\b|\bundefined\b|\bNaN\b/);
    await page.screenshot({ path: join(artifacts, 'page-all-trials.png'), fullPage: true });
    // Back to the ineligible patient and its trial for the steps below.
    await page.selectOption('#trial', 'NCT03838796');
    await page.fill('#patient-text', readFileSync(join(src, 'patients/examples/ineligible.json'), 'utf8'));
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#trial-NCT03838796 .verdict')?.textContent.includes('INELIGIBLE'));
  });

  await step('4. a criterion that does not compile shows a caret under the bad spot', async () => {
    await page.fill('#criterion', 'PLT ≥ 75 mg/dL');
    await page.click('#eval');
    const caret = page.locator('#eval-out pre.caret');
    await caret.waitFor();
    assert.equal(await caret.textContent(), '  PLT ≥ 75 mg/dL\n           ^');
    assert.match(await page.locator('#eval-out .error').textContent(), /column 10.*dimension mismatch/);
    await page.fill('#criterion', 'PLT < 75×10^9/L');
    await page.click('#eval');
    await page.locator('#eval-out .badge', { hasText: 'met' }).waitFor();
    assert.match(await page.locator('#eval-out .why').textContent(), /Platelets 62,000 \/µL/);
    assert.doesNotMatch(await page.locator('#eval-out').textContent(), /null|undefined/);
    // Nothing on the page reads "null" or "undefined": every absent value is left out, not printed.
    assert.doesNotMatch(await page.locator('main').textContent(), /\bnull\b|\bundefined\b/);
  });

  await step('5. print: the inputs are hidden and the verdict stays', async () => {
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#input').isVisible(), false);
    assert.equal(await page.locator('#trial-NCT03838796 .verdict').isVisible(), true);
    await page.emulateMedia({ media: 'screen' });
    await page.screenshot({ path: join(artifacts, 'page.png'), fullPage: true });
    console.log(`screenshot: ${join(artifacts, 'page.png')}`);
  });

  await step('6. any change of input or trial marks the result out of date until the next check', async () => {
    // The ineligible patient's result for NCT03838796 is on screen, and fresh.
    await expectFresh();
    await page.fill('#patient-text', readFileSync(join(src, 'patients/examples/eligible.json'), 'utf8'));
    await expectStale('the patient');
    // The previous verdict is still there to compare, visibly marked.
    assert.equal((await page.locator('#trial-NCT03838796 .verdict').textContent()).trim(), '✗ INELIGIBLE');
    // The criterion tested in step 4 is out of date too.
    assert.match(await page.locator('#eval-out .stale-note').textContent(), /^Out of date — test again: the patient changed/);
    await noBadWords('stale after an edit');
    await page.screenshot({ path: join(artifacts, 'page-stale-edit.png'), fullPage: true });
    await page.click('#recheck');
    await expectFresh();
    assert.equal((await page.locator('#trial-NCT03838796 .verdict').textContent()).trim(), '✓ ELIGIBLE');
    // The screening date.
    await page.fill('#date', '2026-11-03');
    await expectStale('the screening date');
    await page.click('#run');
    await expectFresh();
    assert.equal((await page.locator('#results-meta .ph-date dd').textContent()).trim(), '2026-11-03');
    await page.fill('#date', '2026-11-02');
    await expectStale('the screening date');
    // A change of trial: the other trial's verdict is not the chosen one's.
    await page.selectOption('#trial', 'NCT04560751');
    await expectStale('the trial');
    await noBadWords('stale after a change of trial');
    await page.screenshot({ path: join(artifacts, 'page-stale-trial.png'), fullPage: true });
    await page.click('#run');
    await page.locator('#trial-NCT04560751 .verdict').waitFor();
    await expectFresh();
    assert.equal(await page.locator('#trial-NCT03838796').count(), 0);
    // The form: switching to it, and a field typed in it.
    await page.click('#tab-form');
    await expectStale('the candidate \\(now the form\\)');
    await page.click('#run');
    await expectFresh();
    assert.match(await page.locator('#results-meta .ph-name').textContent(), /EX-ELIGIBLE \(form\)/);
    await page.fill('[name="birth_date"]', '1950-01-01');
    await expectStale('the form');
    await page.click('#tab-file');
    await page.selectOption('#trial', 'NCT03838796');
    await page.click('#run');
    await expectFresh();
  });

  await step('7. a failed check replaces the result: nothing of the previous patient stays under the error', async () => {
    assert.equal((await page.locator('#trial-NCT03838796 .verdict').textContent()).trim(), '✓ ELIGIBLE');
    // A bundle Eligo rejects.
    await page.fill('#patient-text', REJECTED_BUNDLE);
    await page.click('#run');
    const error = page.locator('#summary .check-error');
    await error.waitFor();
    assert.match(await error.textContent(), /^Could not check: request body: entry: the Bundle has no Patient resource/);
    assert.equal(await page.locator('#trials details.trial').count(), 0);
    assert.equal((await page.locator('#results-meta').textContent()).trim(), '');
    assert.doesNotMatch(await page.locator('#results').textContent(), /EX-ELIGIBLE|ELIGIBLE|INELIGIBLE/);
    assert.equal(await staleNote().isVisible(), false);
    assert.equal(await page.locator('#print').isVisible(), false);
    await noBadWords('a rejected bundle');
    await page.screenshot({ path: join(artifacts, 'page-error.png'), fullPage: true });
    // Malformed JSON, after an all-trials result: the table goes too.
    await page.selectOption('#trial', '');
    await page.fill('#patient-text', readFileSync(join(src, 'patients/examples/eligible.json'), 'utf8'));
    await page.click('#run');
    await page.locator('#trial-table tbody tr[data-trial]').first().waitFor();
    await page.fill('#patient-text', '{"id": "P1", "labs": [');
    await page.click('#run');
    await error.waitFor();
    assert.match(await error.textContent(), /^Could not check: .*JSON/);
    assert.equal(await page.locator('#table-view').isVisible(), false);
    assert.equal(await page.locator('#trial-table tbody tr').count(), 0);
    assert.equal(await page.locator('#trials details.trial').count(), 0);
    // A check with no candidate at all is an error in the same place.
    await page.fill('#patient-text', '');
    await page.click('#run');
    await page.locator('#summary .check-error', { hasText: 'no candidate' }).waitFor();
  });

  await step('8. all trials: a table sorted by each column, filtered by verdict, searched; a near miss marked; a row opens its detail', async () => {
    // The eligible example with platelets 70 ×10^9/L: NCT03838796 (PLT ≥ 75) becomes a near miss.
    const p = example('eligible.json');
    p.id = 'EX-NEAR-MISS';
    p.labs.find((l) => l.analyte === 'platelets').value = 70;
    await page.fill('#patient-text', JSON.stringify(p));
    await page.click('#run');
    const rows = page.locator('#trial-table tbody tr[data-trial]');
    await rows.first().waitFor();
    const trialCount = (await page.locator('#trial option').count()) - 1;
    assert.equal(await rows.count(), trialCount);
    assert.equal((await page.locator('#table-count').textContent()).trim(), `${trialCount} trials`);
    assert.deepEqual(await page.locator('#trial-table thead th').allTextContents(),
      ['Trial ↕', 'Title ↕', 'Verdict ↕', 'Failing ↕', 'Open: questions, data, at enrolment ↕']);
    // Every trial shows a title: the header's, else its condition and phase.
    const row = (id) => page.locator(`#trial-table tbody tr[data-trial="${id}"]`);
    assert.equal((await row('NCT03838796').locator('.col-title').textContent()).trim(),
      'Lenvatinib Combined With TACE to Prevent the Recurrence in High-risk Patients With Hepatocellular Carcinoma');
    assert.equal((await row('NCT03382886').locator('.col-title').textContent()).trim(), 'Hepatocellular carcinoma, phase 1');
    assert.equal((await row('NCT00081900').locator('.col-title').textContent()).trim(), 'Phase 1/phase 2');
    assert.equal((await row('NCT03926039').locator('.col-title').textContent()).trim(), 'no title, condition or phase in the registry record');
    for (const t of await page.locator('#trial-table tbody .col-title').allTextContents()) assert.ok(t.trim().length > 0, 'an empty title');
    // The near miss.
    const near = row('NCT03838796');
    assert.equal((await near.locator('.verdict').textContent()).trim(), '✗ INELIGIBLE');
    assert.equal((await near.locator('.near-miss-mark').textContent()).trim(), 'near miss');
    assert.match(await near.locator('.near-miss-mark').getAttribute('title'), /^Near miss: .*Platelets/);
    assert.equal((await near.locator('.col-failing').textContent()).trim(), '1');
    assert.match(await near.locator('.col-open').textContent(), /^\d+ \(\d+ questions?, \d+ data, \d+ at enrolment\)$/);
    await noBadWords('the all-trials table');
    await page.screenshot({ path: join(artifacts, 'page-table.png'), fullPage: true });

    const column = async (cls) => page.locator(`#trial-table tbody .${cls}`).allTextContents();
    const num = (x) => (x.trim() === '–' ? -1 : Number(x.trim().split(' ')[0]));
    const sorted = (xs, cmp) => xs.every((x, i) => i === 0 || cmp(xs[i - 1], x) <= 0);
    // Failing: ascending, then descending.
    await page.click('#trial-table th button[data-key="failing"]');
    assert.equal(await page.locator('#trial-table th.col-failing').getAttribute('aria-sort'), 'ascending');
    let failing = (await column('col-failing')).map(num);
    assert.ok(sorted(failing, (a, b) => a - b), `failing not ascending: ${failing}`);
    await page.click('#trial-table th button[data-key="failing"]');
    assert.equal(await page.locator('#trial-table th.col-failing').getAttribute('aria-sort'), 'descending');
    failing = (await column('col-failing')).map(num);
    assert.ok(sorted(failing, (a, b) => b - a), `failing not descending: ${failing}`);
    assert.ok(failing[0] > failing[failing.length - 1], 'failing all equal');
    await page.screenshot({ path: join(artifacts, 'page-table-sorted.png'), fullPage: true });
    // Open.
    await page.click('#trial-table th button[data-key="open"]');
    const open = (await column('col-open')).map(num);
    assert.ok(sorted(open, (a, b) => a - b), `open not ascending: ${open}`);
    // Trial id and title, as text.
    await page.click('#trial-table th button[data-key="trial"]');
    const ids = (await column('col-trial')).map((x) => x.trim());
    assert.ok(sorted(ids, (a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })), `ids not sorted: ${ids}`);
    await page.click('#trial-table th button[data-key="title"]');
    const titles = (await page.locator('#trial-table tbody .col-title').allTextContents()).map((x) => x.trim());
    const titled = titles.filter((x) => x !== 'no title, condition or phase in the registry record');
    assert.ok(sorted(titled, (a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })), `titles not sorted: ${titled}`);
    assert.ok(titled.length < titles.length, 'no trial without a title');
    assert.ok(titles.slice(titled.length).every((x) => x === 'no title, condition or phase in the registry record'), 'trials without a title are not last');
    // Verdict: in rank order, a near miss before the other ineligible trials.
    await page.click('#trial-table th button[data-key="verdict"]');
    const order = { '✓ ELIGIBLE': 0, '? PENDING QUESTIONS': 1, '? INDETERMINATE': 2, '✗ INELIGIBLE': 4, '⊘ NOT SCREENABLE': 5 };
    const verdicts = await rows.evaluateAll((rs) => rs.map((r) => [r.querySelector('.verdict').textContent.trim(), !!r.querySelector('.near-miss-mark')]));
    const ranks = verdicts.map(([v, nm]) => (nm ? 3 : order[v]));
    assert.ok(sorted(ranks, (a, b) => a - b), `verdicts not in order: ${verdicts}`);
    // The trials' details below follow the table's order.
    const cardOrder = await page.locator('#trials details.trial').evaluateAll((ds) => ds.map((d) => d.id.slice(6)));
    assert.deepEqual(cardOrder, await rows.evaluateAll((rs) => rs.map((r) => r.dataset.trial)));

    // Filtered by verdict.
    const tally = await page.locator('#summary').textContent();
    const ineligible = Number(tally.match(/(\d+) ineligible/)[1]);
    await page.selectOption('#filter-verdict', 'ineligible');
    assert.equal(await rows.count(), ineligible);
    for (const v of await rows.locator('.verdict').allTextContents()) assert.equal(v.trim(), '✗ INELIGIBLE');
    assert.equal((await page.locator('#table-count').textContent()).trim(), `${ineligible} of ${trialCount} trials shown`);
    assert.equal(await page.locator('#trials details.trial:not([hidden])').count(), ineligible);
    await page.selectOption('#filter-verdict', 'near_miss');
    const nearCount = await rows.count();
    assert.ok(nearCount >= 1, 'no near miss');
    assert.equal(await rows.locator('.near-miss-mark').count(), nearCount);
    assert.equal(await row('NCT03838796').count(), 1);
    assert.match(await page.locator('#summary').textContent(), new RegExp(`\\(${nearCount} near miss(es)?\\)`));
    await page.screenshot({ path: join(artifacts, 'page-table-near-miss.png'), fullPage: true });
    await page.selectOption('#filter-verdict', 'pending_questions');
    for (const v of await rows.locator('.verdict').allTextContents()) assert.equal(v.trim(), '? PENDING QUESTIONS');
    await page.selectOption('#filter-verdict', '');
    assert.equal(await rows.count(), trialCount);

    // Searched, over id and title.
    await page.fill('#search', 'nct0383');
    assert.deepEqual(await rows.evaluateAll((rs) => rs.map((r) => r.dataset.trial)), ['NCT03838796']);
    await page.fill('#search', 'phase 1/phase 2');
    assert.ok((await rows.count()) >= 2, 'phase search');
    for (const t of await rows.locator('.col-title').allTextContents()) assert.match(t, /phase 1\/phase 2/i);
    await page.fill('#search', 'lenvatinib');
    for (const r of await rows.evaluateAll((rs) => rs.map((x) => x.textContent))) assert.match(r, /lenvatinib/i);
    await page.selectOption('#filter-verdict', 'eligible');
    await page.fill('#search', 'no such trial anywhere');
    assert.equal(await rows.count(), 0);
    assert.equal((await page.locator('#trial-table tbody tr.no-match').textContent()).trim(), 'No trial matches this verdict and search.');
    await noBadWords('a search that matches nothing');
    await page.selectOption('#filter-verdict', '');
    await page.fill('#search', '');
    assert.equal(await rows.count(), trialCount);

    // A row opens its trial's detail.
    const detail = page.locator('#trial-NCT03838796');
    assert.equal(await detail.getAttribute('open'), null);
    await row('NCT03838796').locator('button.open-detail').click();
    assert.equal(await detail.getAttribute('open'), '');
    await detail.locator('.near-miss h4').waitFor();
    assert.ok(await detail.locator('li.failing').first().isVisible(), 'failing criterion not visible');
    assert.ok(await page.evaluate(() => { const r = document.getElementById('trial-NCT03838796').getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight && Math.abs(r.top) < 2; }), 'detail not in view');
    await noBadWords('a trial\'s detail');
    await page.screenshot({ path: join(artifacts, 'page-detail.png'), fullPage: false });
    // A click elsewhere in a row opens its detail too.
    const other = await rows.nth(1).getAttribute('data-trial');
    await rows.nth(1).locator('.col-failing').click();
    assert.equal(await page.locator(`[id="trial-${other}"]`).getAttribute('open'), '');
  });

  await step('9. every NCT id links to its ClinicalTrials.gov record; other ids are not links', async () => {
    const rowLink = page.locator('#trial-table tbody tr[data-trial="NCT03838796"] .col-trial a');
    assert.equal(await rowLink.getAttribute('href'), 'https://clinicaltrials.gov/study/NCT03838796');
    assert.equal(await rowLink.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await rowLink.getAttribute('target'), '_blank');
    // A card's registry link heads its list of all criteria: a link inside the card's summary would be a control inside
    // a control (axe-core: nested-interactive, step 16).
    const cardLink = page.locator('#trial-NCT03838796 details.all-criteria > .trial-registry a');
    assert.equal(await cardLink.getAttribute('href'), 'https://clinicaltrials.gov/study/NCT03838796');
    assert.equal(await page.locator('#trials summary a').count(), 0);
    // Every NCT id in the table and the trials' cards is a link, with the right address.
    const links = await page.locator('#trial-table .col-trial, #trials details.trial').evaluateAll((cells) => cells.map((c) => {
      if (c.matches('details')) {
        const a = c.querySelector(':scope > details.all-criteria > .trial-registry a, :scope > .trial-registry a');
        return { text: c.querySelector('summary .trial-id').textContent.trim(), href: a && a.getAttribute('href'), rel: a && a.rel, target: a && a.target };
      }
      const a = c.querySelector('a');
      return { text: c.textContent.trim(), href: a && a.getAttribute('href'), rel: a && a.rel, target: a && a.target };
    }));
    const nct = links.filter((l) => /^NCT\d{8}$/.test(l.text));
    assert.ok(nct.length > 40, `only ${nct.length} NCT ids`);
    for (const l of nct) assert.deepEqual(l, { text: l.text, href: `https://clinicaltrials.gov/study/${l.text}`, rel: 'noopener noreferrer', target: '_blank' });
    const seeds = links.filter((l) => l.text.startsWith('seed-'));
    assert.ok(seeds.length >= 2, 'no seed trial on the page');
    for (const l of seeds) assert.equal(l.href, null, `${l.text} is a link`);
    // Beside the trial picker: the chosen trial's record, and none for a seed.
    await page.selectOption('#trial', 'NCT03838796');
    assert.equal(await page.locator('#trial-link a').getAttribute('href'), 'https://clinicaltrials.gov/study/NCT03838796');
    const seed = await page.locator('#trial option[value^="seed-"]').first().getAttribute('value');
    await page.selectOption('#trial', seed);
    assert.equal(await page.locator('#trial-link a').count(), 0);
    await noBadWords('the links');
  });

  await step('10. a result starts with the answer: verdict, why not, questions to ask, data to collect, at enrolment, then every criterion collapsed', async () => {
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.selectOption('#trial', 'NCT03838796');
    await page.fill('#date', '');
    await page.fill('#patient-text', readFileSync(join(src, 'patients/examples/ineligible.json'), 'utf8'));
    await page.click('#run');
    // The card before this check was ineligible too (another patient): wait for this patient's result, not the verdict word.
    await page.waitForFunction(() => {
      const c = document.querySelector('#trial-NCT03838796');
      return c?.querySelector('.verdict')?.textContent.includes('INELIGIBLE') && c.textContent.includes('Platelets 62,000');
    });
    const card = page.locator('#trial-NCT03838796');
    // The card's parts in order: the verdict first, the answer's sections, then all criteria.
    const order = await card.evaluate((d) => [...d.children].map((c) => (c.tagName === 'SUMMARY' ? 'verdict'
      : c.matches('details.all-criteria') ? 'all criteria' : c.querySelector('h4')?.textContent || c.className)));
    const expected = ['verdict', 'Why not', 'Near miss', 'Questions to ask', 'Answer the questions', 'Data to collect', 'At enrolment', 'all criteria'];
    assert.deepEqual(order.filter((x) => !expected.includes(x)), [], `unexpected parts: ${order}`);
    assert.deepEqual(order, expected.filter((x) => order.includes(x)), `parts out of order: ${order}`);
    assert.equal(order[0], 'verdict');
    assert.equal(order[1], 'Why not');
    assert.equal(order[order.length - 1], 'all criteria');
    // Why not: each failing criterion with its value and threshold, visible without opening anything.
    const whyNot = card.locator('.why-not li.criterion');
    assert.equal(await whyNot.count(), Number((await card.locator('summary .counts').textContent()).match(/(\d+) failing/)[1]));
    assert.ok(await whyNot.first().isVisible());
    assert.match(await card.locator('.why-not').textContent(), /Platelets 62,000 \/µL \(2026-10-29\) = 62 ×10\^9\/L ≥ 75 ×10\^9\/L: not met/);
    // Every criterion, collapsed until opened.
    const all = card.locator('details.all-criteria');
    assert.equal(await all.getAttribute('open'), null);
    assert.equal((await all.locator('summary').textContent()).trim(), 'All 19 criteria, each with its result and why');
    assert.equal(await all.locator('ul.criteria > li.criterion').first().isVisible(), false);
    await all.locator('summary').click();
    assert.ok(await all.locator('ul.criteria > li.criterion').first().isVisible());
    await page.screenshot({ path: join(artifacts, 'page-answer-first.png'), fullPage: true });

    // All trials for the Synthea patient: every card follows the same order, and "data to collect" holds no item twice
    // in different capitals.
    await page.selectOption('#trial', '');
    await page.fill('#date', '2026-11-02');
    await page.fill('#patient-text', '');
    await page.setInputFiles('#patient-file', SYNTHEA);  // a file as a coordinator gives it: typing 600 kB is slow
    await page.waitForFunction(() => document.getElementById('patient-text').value.length > 100000);
    await page.click('#run');
    await page.locator('#trial-table tbody tr[data-trial]').first().waitFor();
    const cards = await page.locator('#trials details.trial').evaluateAll((ds) => ds.map((d) => ({ id: d.id,
      parts: [...d.children].map((c) => (c.tagName === 'SUMMARY' ? 'verdict' : c.matches('details.all-criteria') ? 'all criteria'
        : c.querySelector('h4')?.textContent || c.className)),
      missing: [...d.querySelectorAll('.answer-part.missing li')].map((li) => li.textContent) })));
    let sections = 0;
    for (const c of cards) {
      const known = c.parts.filter((x) => expected.includes(x) || x.startsWith('partial-note'));
      assert.deepEqual(c.parts.filter((x) => expected.includes(x)), expected.filter((x) => c.parts.includes(x)), `${c.id}: ${c.parts}`);
      assert.equal(known.length, c.parts.length, `${c.id}: ${c.parts}`);
      const lower = c.missing.map((m) => m.trim().toLowerCase());
      assert.equal(new Set(lower).size, lower.length, `${c.id}: an item twice: ${c.missing}`);
      if (['Questions to ask', 'Data to collect', 'At enrolment'].every((x) => c.parts.includes(x))) sections++;
    }
    assert.ok(sections >= 1, 'no trial with questions, data and criteria at enrolment together');
    // The API's own list does repeat an item in other capitals here: the page lists it once.
    const screened = JSON.parse(eligo('screen', SYNTHEA, '--date', '2026-11-02', '--format', 'json'));
    const repeated = screened.trials.filter((t) => new Set(t.missing.map((m) => m.toLowerCase())).size < t.missing.length);
    console.log(`     ${repeated.length} trials list an item twice in other capitals in the API's "missing"`);
    for (const t of repeated) {
      const shown = cards.find((c) => c.id === `trial-${t.trial}`).missing;
      assert.equal(shown.length, new Set(t.missing.map((m) => m.toLowerCase())).size, `${t.trial}: ${shown}`);
    }
    await noBadWords('all trials for a Synthea bundle');
  });

  await step('11. a real Synthea bundle: the header names the patient; the profile tab shows what eligo profile prints', async () => {
    await page.selectOption('#trial', 'NCT03838796');
    await page.fill('#date', '2026-11-02');
    await page.setInputFiles('#patient-file', SYNTHEA);
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#results-meta .ph-name')?.textContent === 'Tom Goodwin');
    const head = page.locator('#results-meta');
    const field = async (cls) => (await head.locator(`.ph-${cls} dd`).textContent()).trim();
    assert.equal(await field('id'), 'da2c7b0a-791a-4b8f-9a30-dc3d8cf1ec75');
    assert.equal(await field('sex'), 'male');
    assert.equal(await field('birth'), '1968-04-30');
    assert.equal(await field('age'), '58 years');
    assert.equal(await field('date'), '2026-11-02');
    assert.equal(await head.locator('.ph-deceased').count(), 0);
    assert.deepEqual(await head.locator('dt').allTextContents(), ['Patient id', 'Sex', 'Birth date', 'Age', 'Screening date']);
    // The profile tab: the same text as eligo profile, with what it skipped or did not use.
    assert.equal(await page.locator('#pane-profile').isVisible(), false);
    await page.click('#tab-profile');
    assert.equal(await page.locator('#tab-profile').getAttribute('aria-selected'), 'true');
    assert.ok(await page.locator('#pane-profile').isVisible());
    assert.equal(await page.locator('#pane-verdict').isVisible(), false);
    const cli = eligo('profile', SYNTHEA, '--date', '2026-11-02');
    assert.equal(await page.locator('#profile-text').textContent(), cli);
    assert.match(cli, /^Patient da2c7b0a-791a-4b8f-9a30-dc3d8cf1ec75 \(FHIR R4 Bundle \(transaction\)\), profile on 2026-11-02\n  name: Tom Goodwin\n  sex: male\n/);
    assert.match(cli, /Read but not used \(\d+ kinds\)/);
    await noBadWords('the profile tab');
    await page.screenshot({ path: join(artifacts, 'page-profile.png'), fullPage: true });
    await page.click('#tab-verdict');
    assert.ok(await page.locator('#trial-NCT03838796 .verdict').isVisible());
  });

  await step('12. a bundle with an unusable part loads, with a warning that lists it', async () => {
    // Tom Goodwin's newest platelet count given in mg/dL: a mass, where platelets are counted.
    const bundle = JSON.parse(readFileSync(SYNTHEA, 'utf8'));
    const obs = bundle.entry.find((e) => e.resource.id === 'f862c855-7b9a-47e2-9405-1c48f8b107ff').resource;
    obs.valueQuantity = { value: 295, unit: 'mg/dL', system: 'http://unitsofmeasure.org', code: 'mg/dL' };
    const file = join(artifacts, 'synthea-platelets-mg-dl.json');
    writeFileSync(file, JSON.stringify(bundle));
    const profile = JSON.parse(eligo('profile', file, '--date', '2026-11-02', '--format', 'json'));
    assert.ok(profile.skipped.some((k) => k.where.includes('f862c855')), 'the platelet count is not skipped');
    const n = profile.skipped.length;
    await page.setInputFiles('#patient-file', file);
    await page.click('#run');
    const warning = page.locator('#record-warning .record-warning');
    // Step 11's bundle (the same patient, unchanged) left a warning with fewer parts: wait for this bundle's.
    await page.waitForFunction((count) => document.querySelector('#record-warning .record-warning .warning-head')?.textContent.includes(`Loaded with ${count} part`), n);
    await page.locator('#trial-NCT03838796 .verdict').waitFor();
    assert.equal((await warning.locator('.warning-head').textContent()).trim(),
      `Loaded with ${n} part${n === 1 ? '' : 's'} of the record Eligo could not use. Each is left out: a criterion whose latest value is one of them is unknown, never decided on an older value:`);
    const items = warning.locator('ul.skipped-list > li');
    assert.equal(await items.count(), n);
    const platelets = items.filter({ hasText: 'f862c855' });
    assert.match(await platelets.textContent(), /^Platelets \(2020-05-12\): .*mg\/dL.* — in the record at entry\[\d+\] Observation\/f862c855/);
    assert.ok(await platelets.isVisible());
    // The engine's short warning (the first element, "eligo profile lists them") is not repeated above the list.
    assert.doesNotMatch(await page.locator('#result-body').textContent(), /eligo profile lists them/);
    // The result is there all the same.
    assert.ok(await page.locator('#trial-NCT03838796 .verdict').isVisible());
    await noBadWords('a bundle with an unusable part');
    await page.screenshot({ path: join(artifacts, 'page-record-warning.png'), fullPage: true });
  });

  await step('13. errors in plain words, pointing at the field', async () => {
    // A pasted record: platelets in mg/dL.
    const p = example('ineligible.json');
    const i = p.labs.findIndex((l) => l.analyte === 'platelets');
    p.labs[i].value = 75;
    p.labs[i].unit = 'mg/dL';
    await page.fill('#patient-text', JSON.stringify(p, null, 2));
    await page.click('#run');
    const error = page.locator('#summary .check-error');
    await error.waitFor();
    assert.equal((await error.textContent()).trim(),
      'Could not check: Platelets: 75 mg/dL is a mass concentration; Platelets is measured as a count per volume, e.g. ×10^9/L');
    assert.doesNotMatch(await error.textContent(), /labs\[|10\*9/);
    // The element at fault, its key marked.
    assert.equal((await page.locator('#summary .excerpt-box code').textContent()).trim(), `labs[${i}]`);
    assert.equal((await page.locator('#summary mark.bad-field').textContent()).trim(), '"unit": "mg/dL"');
    assert.equal(await page.locator('#patient-text').getAttribute('aria-invalid'), 'true');
    // No tab of a result under an error: there is no verdict and no profile.
    assert.equal(await page.locator('#result-tabs').isVisible(), false);
    // The engine's own message, one click away.
    assert.match(await page.locator('#summary details.technical code').textContent(), new RegExp(`labs\\[${i}\\]\\.unit: 'mg/dL' does not fit Platelets`));
    assert.equal(await page.locator('#trials details.trial').count(), 0);
    await noBadWords('a lab unit error');
    await page.screenshot({ path: join(artifacts, 'page-error-field.png'), fullPage: true });

    // The form: an impossible platelet count; the control is outlined and the message stands under it.
    await page.click('#tab-form');
    await page.waitForSelector('[name="lab:platelets:value"]');
    await page.fill('[name="lab:platelets:value"]', '75000');
    await choose('lab:platelets:unit', '×10^9/L');
    await page.click('#run');
    await page.locator('#summary .check-error', { hasText: 'Platelets: 75000 ×10^9/L is outside what is possible' }).waitFor();
    const control = page.locator('[name="lab:platelets:value"]');
    assert.equal(await control.getAttribute('aria-invalid'), 'true');
    assert.equal(await control.getAttribute('aria-describedby'), 'field-error');
    assert.match(await page.locator('#field-error').textContent(), /^Platelets: 75000 ×10\^9\/L is outside what is possible \(.*\): is the value or the unit wrong\?$/);
    await page.click('#summary button.goto-field');
    assert.equal(await page.evaluate(() => document.activeElement.name), 'lab:platelets:value');
    await noBadWords('a form field error');
    await page.screenshot({ path: join(artifacts, 'page-error-form.png'), fullPage: true });
    // Corrected, the mark goes with the error.
    await page.fill('[name="lab:platelets:value"]', '75');
    await page.click('#run');
    await page.locator('#trial-NCT03838796 .verdict').waitFor();
    assert.equal(await control.getAttribute('aria-invalid'), null);
    assert.equal(await page.locator('#field-error').count(), 0);
    await page.click('#tab-file');
  });

  await step('14. by keyboard and at 390 px: the header, the answer, the warning and the profile tab', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.setInputFiles('#patient-file', []);  // the same file again: chosen anew
    await page.setInputFiles('#patient-file', join(artifacts, 'synthea-platelets-mg-dl.json'));
    await page.waitForFunction(() => document.getElementById('patient-text').value.length > 100000);
    await page.click('#run');
    await page.locator('#record-warning .record-warning').waitFor();
    await page.locator('#trial-NCT03838796 .verdict').waitFor();
    for (const sel of ['#results-meta', '#record-warning', '#result-tabs', '#trial-NCT03838796 .answer-part', '#trial-NCT03838796 details.all-criteria']) {
      const boxes = await page.locator(sel).evaluateAll((es) => es.map((e) => e.getBoundingClientRect().right));
      assert.ok(boxes.length > 0, `${sel} not on the page`);
      for (const right of boxes) assert.ok(right <= 390, `${sel} reaches ${right} px`);
    }
    // The tabs by keyboard: focus, Enter.
    await page.focus('#tab-profile');
    await page.keyboard.press('Enter');
    assert.ok(await page.locator('#pane-profile').isVisible());
    const box = await page.locator('#pane-profile').evaluate((e) => e.getBoundingClientRect().right);
    assert.ok(box <= 390, `the profile reaches ${box} px`);
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-verdict');
    await page.keyboard.press('Enter');
    assert.ok(await page.locator('#pane-verdict').isVisible());
    // The collapsed criteria open by keyboard.
    await page.focus('#trial-NCT03838796 details.all-criteria > summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#trial-NCT03838796 details.all-criteria').getAttribute('open'), '');
    await page.screenshot({ path: join(artifacts, 'page-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  // ---- print and export ----------------------------------------------------------
  // A PDF's pages: its page objects (not the /Pages tree nodes), checked against the page tree's count.
  const pdfPages = (pdf) => {
    const text = pdf.toString('latin1');
    const objects = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
    const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
    if (counts.length) assert.equal(objects, Math.max(...counts), 'the PDF\'s page objects and its page tree disagree');
    return objects;
  };
  // The page as the browser prints it: the print media, and the browser's 'beforeprint' (the page opens what it prints).
  const printPdf = async (name) => {
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    writeFileSync(join(artifacts, name), pdf);
    return pdfPages(pdf);
  };
  // A CSV cell as export.js writes a text: after a single quote when a spreadsheet would take it for a formula.
  const cell = (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
  // RFC 4180: fields split on commas, quoted fields with doubled quotes and line breaks inside.
  const parseCsv = (text) => {
    const rows = [];
    let row = [], field = '', quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      }
      else if (c === '"' && field === '') quoted = true;
      else if (c === ',') { row.push(field); field = ''; }
      else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
      else field += c;
    }
    assert.equal(quoted, false, 'the CSV ends inside a quoted field');
    assert.equal(row.length + field.length, 0, 'the CSV does not end with CRLF');
    return rows;
  };
  const downloaded = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const file = join(artifacts, download.suggestedFilename());
    await download.saveAs(file);
    return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
  };
  const version = eligo('--version').trim().replace(/^eligo /, '');

  await step('15. print and export: one trial on at most 2 A4 pages with the screening record and a reviewer line; all trials as the table; CSV and JSON', async () => {
    const trialFile = readFileSync(join(src, 'rules/NCT03838796.trial'));
    await page.selectOption('#trial', 'NCT03838796');
    await page.fill('#date', '2026-11-02');
    // Typical patients: the examples, and a real Synthea bundle (uploaded: the printout names the file).
    const pages = {};
    for (const name of ['ineligible.json', 'eligible.json', 'indeterminate.json', 'SYNTHEA']) {
      const text = name === 'SYNTHEA' ? readFileSync(SYNTHEA, 'utf8') : readFileSync(join(src, 'patients/examples', name), 'utf8');
      if (name === 'SYNTHEA') {
        await page.setInputFiles('#patient-file', []);
        await page.setInputFiles('#patient-file', SYNTHEA);
        await page.waitForFunction((n) => document.getElementById('patient-text').value.length === n, text.length);
      }
      else await page.fill('#patient-text', text);
      await page.click('#run');
      // This candidate's printout (the previous one's stays until this result comes).
      await page.waitForFunction((hash) => document.querySelector('#print-record')?.dataset.ready === 'true'
        && document.querySelector('#print-record').textContent.includes(hash) && !document.querySelector('#results.stale'), sha256(text));
      const record = page.locator('#print-record');
      const fact = async (label) => (await record.locator('.pr-row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
        .locator('dd').first().textContent()).trim();
      assert.match(await fact('Screened with'), new RegExp(`^Eligo ${version.replace(/\./g, '\\.')}; printed \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`));
      assert.match(await fact('Trial'), /^NCT03838796: Lenvatinib Combined With TACE/);
      assert.equal(await fact('Trial file'), `NCT03838796.trial, SHA-256 ${sha256(trialFile)}`);
      assert.equal(await fact('Screening date'), '2026-11-02');
      const bytes = Buffer.byteLength(text, 'utf8').toLocaleString('en-US');
      assert.equal(await fact('Candidate'), name === 'SYNTHEA'
        ? `the file ${SYNTHEA.split('/').pop()}, ${bytes} bytes, SHA-256 ${sha256(text)}`
        : `text pasted into the page, ${bytes} bytes, SHA-256 ${sha256(text)}`);
      assert.match(await record.locator('.pr-read').textContent(), /What Eligo read from the candidate:Labs \(latest of each\)/);
      // On screen the record is not shown (the page shows the same facts); in print it is, with the reviewer line.
      assert.equal(await record.isVisible(), false);
      await page.emulateMedia({ media: 'print' });
      assert.ok(await record.isVisible());
      assert.deepEqual(await page.locator('#print-review .pr-sign > span:not(.pr-blank)').allTextContents(), ['Reviewed by', 'Date']);
      assert.deepEqual(await page.locator('#print-review .pr-decision > span').allTextContents(),
        ['Decision:', '☐ eligible', '☐ not eligible', '☐ refer to the principal investigator']);
      // Every page's footer names the screening (a page-margin rule in print.css's sheet; the PDF's text has it).
      const footer = await page.evaluate(() => [...[...document.styleSheets].find((x) => x.href && x.href.endsWith('/print.css')).cssRules]
        .map((r) => r.cssText).filter((t) => t.includes('@bottom-left')).join('\n'));
      const doc = JSON.parse(text);
      const patientId = doc.entry ? doc.entry.find((e) => e.resource.resourceType === 'Patient').resource.id : doc.id;
      assert.ok(footer.includes(`Eligo screening of ${patientId} · NCT03838796 · 2026-11-02`), `the page footer rule for ${patientId}: ${footer}`);
      for (const w of await page.locator('#print-review .pr-blank').evaluateAll((es) => es.map((e) => e.getBoundingClientRect().width))) {
        assert.ok(w >= 100, `a blank to write on is ${w} px wide`);
      }
      assert.equal(await page.locator('#input').isVisible(), false);
      assert.equal(await page.locator('.result-actions').isVisible(), false);
      await noBadWords(`the printout of ${name}`);
      if (name === 'SYNTHEA') {
        await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
        await page.screenshot({ path: join(artifacts, 'page-print-one-trial.png'), fullPage: true });
      }
      await page.emulateMedia({ media: 'screen' });
      pages[name] = await printPdf(`print-NCT03838796-${name.replace(/\.json$/, '')}.pdf`);
      assert.ok(pages[name] <= 2, `${name}: one trial prints on ${pages[name]} A4 pages`);
    }
    console.log(`     one trial (NCT03838796), A4 pages: ${JSON.stringify(pages)}`);
    // In print, the criteria were opened: every criterion is on paper.
    assert.equal(await page.locator('#trial-NCT03838796 details.all-criteria').getAttribute('open'), '');

    // Export of the one trial: JSON is the API's answer; CSV a row per criterion, with a header row.
    const json = await downloaded('#export-json');
    assert.equal(json.name, 'eligo-NCT03838796-da2c7b0a-791a-4b8f-9a30-dc3d8cf1ec75-2026-11-02.json');
    const answer = await (await fetch(`${base}/api/check/NCT03838796?date=2026-11-02`, { method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' }, body: readFileSync(SYNTHEA) })).json();
    assert.deepEqual(JSON.parse(json.text), answer);
    assert.equal(answer.eligo_version, version);
    assert.deepEqual(answer.trial_file, { name: 'NCT03838796.trial', sha256: sha256(trialFile) });
    const csv = await downloaded('#export-csv');
    assert.equal(csv.name, 'eligo-NCT03838796-da2c7b0a-791a-4b8f-9a30-dc3d8cf1ec75-2026-11-02.csv');
    const rows = parseCsv(csv.text);
    assert.deepEqual(rows[0], ['patient', 'screening_date', 'eligo_version', 'trial', 'trial_file', 'trial_sha256', 'verdict',
      'section', 'line', 'parent_line', 'id', 'kind', 'result', 'counts', 'text', 'read_as', 'why', 'missing']);
    const flat = [];
    const walk = (c, parent) => { flat.push([c, parent]); for (const ch of c.children || []) walk(ch, c); };
    for (const c of answer.criteria) walk(c, null);
    assert.equal(rows.length - 1, flat.length);
    for (const [i, [c, parent]] of flat.entries()) {
      const r = Object.fromEntries(rows[0].map((k, j) => [k, rows[i + 1][j]]));
      assert.equal(r.trial_sha256, sha256(trialFile));
      assert.equal(r.line, String(c.line));
      assert.equal(r.parent_line, parent ? String(parent.line) : '');
      assert.equal(r.result, c.result);
      assert.equal(r.text, cell(c.text));  // commas, quotes and line breaks survive
      assert.equal(r.why, cell(c.why || c.answer || ''));
    }
    assert.ok(flat.some(([c]) => /[,"]/.test(c.text)), 'no criterion text with a comma or a quote: the quoting is not exercised');

    // All trials: the printout is the summary table, not every trial's card.
    await page.selectOption('#trial', '');
    await page.click('#run');
    await page.waitForFunction(() => document.querySelectorAll('#trial-table tbody tr[data-trial]').length > 4
      && document.querySelector('#print-record')?.dataset.ready === 'true' && document.querySelector('#print-record').textContent.includes('JSON export')
      && !document.querySelector('#results.stale'));
    const trialCount = await page.locator('#trial-table tbody tr[data-trial]').count();
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.locator('#trial-table').isVisible());
    assert.equal(await page.locator('#trials details.trial').first().isVisible(), false);
    await page.screenshot({ path: join(artifacts, 'page-print-all-trials.png'), fullPage: true });
    assert.match(await page.locator('#print-record').textContent(), new RegExp(`Trials${trialCount} \\(each trial file's name and SHA-256 are in the JSON export\\)`));
    await page.emulateMedia({ media: 'screen' });
    const all = await printPdf('print-all-trials.pdf');
    console.log(`     all ${trialCount} trials, A4 pages: ${all}`);
    assert.ok(all <= 3, `all trials print on ${all} A4 pages`);
    // Export of all trials: a row per trial, in rank, with each trial file's SHA-256.
    const listed = await (await fetch(`${base}/api/trials`)).json();
    const hashes = Object.fromEntries(listed.trials.map((t) => [t.id, t.trial_file.sha256]));
    assert.equal(hashes.NCT03838796, sha256(trialFile));
    const allCsv = parseCsv((await downloaded('#export-csv')).text);
    assert.equal(allCsv.length - 1, trialCount);
    assert.deepEqual(allCsv[0].slice(0, 7), ['patient', 'screening_date', 'eligo_version', 'rank', 'trial', 'title', 'verdict']);
    for (const r of allCsv.slice(1)) assert.equal(r[allCsv[0].indexOf('trial_sha256')], hashes[r[4]], `${r[4]}: the CSV's SHA-256`);
    const allJson = JSON.parse((await downloaded('#export-json')).text);
    assert.equal(allJson.trials.length, trialCount);
    assert.equal(allJson.eligo_version, version);
    // A failed check leaves nothing to print or export.
    await page.fill('#patient-text', REJECTED_BUNDLE);
    await page.click('#run');
    await page.locator('#summary .check-error').waitFor();
    assert.ok(await page.locator('#export-csv').isDisabled());
    assert.equal(await page.locator('.result-actions').isVisible(), false);
    assert.equal(await page.locator('#print-record').textContent(), '');
  });

  // Every trial of rules/ printed for the eligible example: on at most 2 A4 pages, with every criterion on paper with
  // its result, and each failing or open one with its why.
  await step('15b. print every trial of rules/ for the eligible example: at most 2 A4 pages, every criterion with its result', async () => {
    await page.fill('#patient-text', readFileSync(join(src, 'patients/examples/eligible.json'), 'utf8'));
    await page.fill('#date', '2026-11-02');
    const listed = (await (await fetch(`${base}/api/trials`)).json()).trials;
    assert.ok(listed.length >= 58, `${listed.length} trials in rules/`);
    const pages = {};
    const spread = {};
    const wording = {};
    const WORD = { met: 'met', not_met: 'not met', unknown: 'unknown' };
    for (const { id } of listed) {
      await page.selectOption('#trial', id);
      await page.click('#run');
      await page.waitForFunction((trial) => document.querySelector('#print-record')?.dataset.ready === 'true'
        && document.querySelector('#print-record').textContent.includes(trial) && !document.querySelector('#results.stale')
        && document.getElementById(`trial-${trial}`), id);
      const answer = await (await fetch(`${base}/api/check/${id}?date=2026-11-02`, { method: 'POST',
        headers: { 'Content-Type': 'application/json' }, body: readFileSync(join(src, 'patients/examples/eligible.json')) })).json();
      // What is on paper: each criterion's line (unique in its file), its result, and whether its why shows.
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      const shown = new Map((await page.evaluate(() => [...document.querySelectorAll('#trials li.criterion')].filter((li) => li.checkVisibility())
        .map((li) => [li.querySelector(':scope > .crit-head .where').textContent.match(/line \d+$/)[0],
          { badge: li.querySelector(':scope > .crit-head .badge').textContent,
            why: [...li.querySelectorAll(':scope > .why')].some((w) => w.checkVisibility()) }]))).map(([k, v]) => [k, v]));
      // An open manual-review criterion printed above with its line (questions, data to collect, at enrolment) is not
      // repeated in the list, which names it by part: "Open for manual review, printed above — Questions to ask: inc lines 14, 18; …".
      const above = await page.evaluate((trial) => {
        const card = document.getElementById(`trial-${trial}`);
        const note = card.querySelector('.pointers-note');
        const parts = [...card.querySelectorAll('.answer-part.questions li, .answer-part.missing li, .answer-part.enrolment li')]
          .filter((li) => li.checkVisibility()).map((li) => li.textContent);
        return { note: note && note.checkVisibility() ? note.textContent : '', parts };
      }, id);
      const lineSets = (text, sec, anchored) => [...text.matchAll(new RegExp(`${anchored ? '^' : ''}${sec} lines? (\\d+(?:, \\d+)*)`, 'g'))]
        .map((m) => m[1].split(', '));
      const namedAbove = (c) => {
        const sec = c.section.slice(0, 3);
        const line = String(c.line);
        return lineSets(above.note, sec, false).some((ls) => ls.includes(line))
          && above.parts.some((t) => lineSets(t, sec, true).some((ls) => ls.includes(line)));
      };
      const walk = (c, parentStanding) => {
        const where = `line ${c.line}`;
        const top = parentStanding === null;
        const st = top ? (c.result === 'unknown' ? 'open' : (c.section === 'inclusion') === (c.result === 'not_met') ? 'failing' : 'satisfied') : parentStanding;
        // The nested bullets of a satisfied criterion are counted on its line (and listed in the export).
        if (!top && parentStanding === 'satisfied') return;
        const on = shown.get(where);
        if (!on && top && c.result === 'unknown' && !(c.children && c.children.length) && namedAbove(c)) return;
        assert.ok(on, `${id} ${where}: not on paper (named above: ${above.note}; parts: ${above.parts.filter((t) => t.includes(`${c.section.slice(0, 3)} ${where}`)).join(' | ').slice(0, 300)})`);
        // An exclusion's badge says what its result means: "✓ not met: does not exclude", "✗ met: excludes".
        const says = top && c.section === 'exclusion' ? { met: ': excludes', not_met: ': does not exclude' }[c.result] || '' : '';
        assert.ok(on.badge.endsWith(WORD[c.result] + says), `${id} ${where}: printed as ${on.badge}, the result is ${c.result} (${c.section})`);
        const needsWhy = (st === 'failing' || c.result === 'unknown') && c.why && !(c.children && c.children.length);
        if (needsWhy) assert.ok(on.why, `${id} ${where}: ${c.result} without its why on paper`);
        for (const ch of c.children || []) walk(ch, st);
      };
      for (const c of answer.criteria) walk(c, null);
      const chars = (c) => String(c.text).length + (c.children || []).reduce((n, ch) => n + chars(ch), 0);
      wording[id] = answer.criteria.reduce((n, c) => n + chars(c), 0);
      await page.emulateMedia({ media: 'screen' });
      const n = await printPdf(`print-all-of-rules-${id}.pdf`);
      pages[id] = n;
      spread[n] = (spread[n] || 0) + 1;
    }
    console.log(`     every trial of rules/ for eligible.json, trials by A4 pages: ${JSON.stringify(spread)}; ` +
      `more than 2: ${JSON.stringify(Object.fromEntries(Object.entries(pages).filter(([, n]) => n > 2)))}`);
    for (const [id, n] of Object.entries(pages)) assert.ok(n <= 2, `${id} prints on ${n} A4 pages`);
    // The trial with the most registry wording, for the other patients too: the example patients and a Synthea bundle.
    const longest = Object.entries(wording).sort((a, b) => b[1] - a[1])[0][0];
    const others = {};
    for (const [name, file] of [['ineligible', join(src, 'patients/examples/ineligible.json')],
      ['indeterminate', join(src, 'patients/examples/indeterminate.json')], ['SYNTHEA', SYNTHEA]]) {
      const text = readFileSync(file, 'utf8');
      if (name === 'SYNTHEA') {
        await page.setInputFiles('#patient-file', []);
        await page.setInputFiles('#patient-file', file);
        await page.waitForFunction((n) => document.getElementById('patient-text').value.length === n, text.length);
      }
      else await page.fill('#patient-text', text);
      await page.selectOption('#trial', longest);
      await page.click('#run');
      await page.waitForFunction((hash) => document.querySelector('#print-record')?.dataset.ready === 'true'
        && document.querySelector('#print-record').textContent.includes(hash) && !document.querySelector('#results.stale'), sha256(text));
      others[name] = await printPdf(`print-${longest}-${name}.pdf`);
      assert.ok(others[name] <= 2, `${longest} for ${name} prints on ${others[name]} A4 pages`);
    }
    console.log(`     ${longest} for the other patients, A4 pages: ${JSON.stringify(others)}`);
  });

  // ---- accessibility ------------------------------------------------------------------
  // axe-core (npm, pinned in package.json and package-lock.json), run in the page. The page's Content-Security-Policy
  // (script-src 'self') refuses an inline <script>, so page.addScriptTag cannot add it: the file's text is evaluated
  // through the devtools protocol instead, which the policy does not govern.
  const AXE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');
  const axeFound = {};
  const noSeriousViolation = async (state) => {
    if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
    const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) })));
    axeFound[state] = violations.map((v) => `${v.id} (${v.impact})`);
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious, [], `${state}: axe-core finds ${JSON.stringify(serious, null, 1)}`);
  };
  // Every control a user can reach has a name a screen reader reads: its <label>, aria-label or aria-labelledby.
  const everyControlLabelled = async (state) => {
    const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((c) => c.type !== 'hidden' && c.getClientRects().length)
      .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
      .map((c) => c.id || c.name));
    assert.deepEqual(unnamed, [], `${state}: controls without a label`);
  };

  await step('16. accessibility: no serious or critical axe-core violation on the main states; labels, focus order, visible focus, 390 px', async () => {
    await page.setViewportSize({ width: 1200, height: 900 });
    // The form for one trial.
    await page.selectOption('#trial', 'NCT03838796');
    await page.click('#tab-form');
    await page.waitForSelector('[name="lab:platelets:value"]');
    await everyControlLabelled('the form');
    await noSeriousViolation('the form');
    // One trial's result.
    await page.click('#tab-file');
    await page.fill('#patient-text', readFileSync(join(src, 'patients/examples/ineligible.json'), 'utf8'));
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#trial-NCT03838796 .verdict')?.textContent.includes('INELIGIBLE')
      && !document.querySelector('#results.stale'));
    await page.click('#trial-NCT03838796 details.all-criteria > summary');
    await everyControlLabelled('one trial');
    await noSeriousViolation('one trial');
    // Focus order: the check, then the result's print and export buttons, each with a visible focus ring.
    await page.focus('#run');
    const order = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => {
        const a = document.activeElement, st = getComputedStyle(a);
        return { id: a.id || a.tagName.toLowerCase(), ring: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2 };
      }));
    }
    assert.deepEqual(order.slice(0, 3).map((f) => f.id), ['print', 'export-csv', 'export-json']);
    for (const f of order) assert.ok(f.ring, `${f.id}: no visible focus`);
    // All trials: the table.
    await page.selectOption('#trial', '');
    await page.click('#run');
    await page.waitForFunction(() => document.querySelectorAll('#trial-table tbody tr[data-trial]').length > 4 && !document.querySelector('#results.stale'));
    await everyControlLabelled('the all-trials table');
    await noSeriousViolation('the all-trials table');
    // The profile tab of a real Synthea bundle, with the parts Eligo could not use.
    await page.selectOption('#trial', 'NCT03838796');
    await page.setInputFiles('#patient-file', []);
    await page.setInputFiles('#patient-file', join(artifacts, 'synthea-platelets-mg-dl.json'));
    await page.waitForFunction(() => document.getElementById('patient-text').value.length > 100000);
    await page.click('#run');
    await page.locator('#record-warning .record-warning').waitFor();
    await page.waitForFunction(() => !document.querySelector('#results.stale') && document.querySelector('#trial-NCT03838796'));
    await page.click('#tab-profile');
    await noSeriousViolation('the profile tab');
    await page.click('#tab-verdict');
    // The error state: a pasted record's element at fault.
    const p = example('ineligible.json');
    p.labs.find((l) => l.analyte === 'platelets').unit = 'mg/dL';
    await page.fill('#patient-text', JSON.stringify(p, null, 2));
    await page.click('#run');
    await page.locator('#summary .excerpt-box').waitFor();
    await everyControlLabelled('the error');
    await noSeriousViolation('the error');
    console.log(`     axe-core ${JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/package.json'), 'utf8')).version}: ` +
      `moderate or minor findings left: ${JSON.stringify(axeFound)}`);
    // At 390 px: the result's actions and the table stay within the screen; the table scrolls inside its region.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.selectOption('#trial', '');
    await page.fill('#patient-text', readFileSync(join(src, 'patients/examples/eligible.json'), 'utf8'));
    await page.click('#run');
    await page.waitForFunction(() => document.querySelectorAll('#trial-table tbody tr[data-trial]').length > 4 && !document.querySelector('#results.stale'));
    for (const sel of ['.result-actions', '.table-scroll', '#summary', '.table-controls']) {
      const right = await page.locator(sel).evaluate((e) => e.getBoundingClientRect().right);
      assert.ok(right <= 390, `${sel} reaches ${right} px at 390 px wide`);
    }
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the page scrolls sideways at 390 px');
    await noSeriousViolation('the all-trials table at 390 px');
    await page.screenshot({ path: join(artifacts, 'page-390-table.png'), fullPage: false });
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  await step('17. what-if: a changed value re-checks, marked at the top, on the trial, beside each criterion and in print; reset restores', async () => {
    await page.selectOption('#trial', 'NCT03838796');
    await page.click('#tab-file');
    await page.fill('#date', '2026-11-02');
    await page.fill('#patient-text', readFileSync(join(src, 'patients/fhir/ineligible.json'), 'utf8'));
    await page.click('#run');
    // This check's own result: the editor lists the bundle's platelet count.
    await page.waitForFunction(() => document.querySelector('#what-if-platelets')?.value === '62000' && !document.querySelector('#results').classList.contains('stale'));
    assert.equal((await page.locator('#trial-NCT03838796 .verdict').textContent()).trim(), '✗ INELIGIBLE');
    assert.equal(await page.locator('.what-if-mark').count(), 0);
    await page.click('#what-if-details > summary');
    // Each score's choice is the record's value, whatever name the record gives it (ASA "III" is the choice "3 (III)").
    for (const row of await page.locator('.what-if-row:has(select)').all()) {
      const record = (await row.locator('.what-if-record').textContent()).replace(/^record: /, '');
      const shown = await row.locator('select option:checked').textContent();
      if (!['present', 'absent', 'male', 'female', 'not recorded'].includes(record)) {
        assert.ok(shown.split(/ \/ |, |\(|\)| /).map((x) => x.toUpperCase()).includes(record.toUpperCase()), `${record} shown as ${shown}`);
      }
    }
    await page.fill('#what-if-platelets', '110000');
    await page.press('#what-if-platelets', 'Enter');
    const banner = page.locator('#what-if-banner .what-if-change');
    await banner.first().waitFor();
    assert.match(await banner.first().textContent(), /^what-if: Platelets 62000 \/µL \(2026-10-29\) → 110000 \/µL \(2026-10-29\) \(changed\)$/);
    // Beside the criterion it moved: the mark, the record's result; the criterion is now met.
    const moved = page.locator('#trial-NCT03838796 ul.criteria > li.what-if-changed');
    assert.equal(await moved.count(), 1);
    assert.match(await moved.locator('.what-if-mark').textContent(), /^what-if: changed \(the record: not met\)$/);
    assert.match(await moved.locator('.why').textContent(), /Platelets 110,000 \/µL \(2026-10-29\) = 110 ×10\^9\/L ≥ 75 ×10\^9\/L: met/);
    assert.match(await page.locator('#trial-NCT03838796 .what-if-trial').textContent(), /For the record as it is: ✗ INELIGIBLE\.$/);
    assert.equal(await page.locator('.what-if-row.changed').count(), 1);
    // The second change moves the verdict.
    await page.selectOption('#what-if-ecog', '1');
    await page.waitForFunction(() => document.querySelectorAll('#what-if-banner .what-if-change').length === 2);
    const verdict = (await page.locator('#trial-NCT03838796 .verdict').textContent()).trim();
    assert.notEqual(verdict, '✗ INELIGIBLE');
    assert.equal(await page.locator('#trial-NCT03838796 ul.criteria > li.what-if-changed').count(), 2);
    await noBadWords('what-if');
    await page.screenshot({ path: join(artifacts, 'page-what-if.png'), fullPage: true });
    // In print: the banner and the marks, not the editor.
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.locator('#what-if-banner .what-if-banner').isVisible());
    assert.ok(await page.locator('#trial-NCT03838796 .what-if-trial').isVisible());
    assert.ok(!(await page.locator('#what-if-details').isVisible()));
    // The printout's record says first that it is not a screening result.
    await page.waitForFunction(() => document.querySelector('#print-record')?.dataset.ready === 'true');
    assert.match(await page.locator('#print-record h3').textContent(), /^WHAT-IF — NOT A SCREENING RESULT \(2 values changed from the record\)$/);
    // No decision is taken on a what-if: the printout has no decision box, and every page's footer says so.
    assert.equal(await page.locator('#print-review .pr-decision').count(), 0);
    assert.ok((await page.evaluate(() => [...[...document.styleSheets].find((x) => x.href && x.href.endsWith('/print.css')).cssRules]
      .map((r) => r.cssText).join('\n'))).includes('· WHAT-IF, NOT FOR FILING'));
    await page.pdf({ path: join(artifacts, 'page-what-if.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    // Reset to record: the record's result, nothing marked.
    await page.click('#what-if-reset');
    await page.waitForFunction(() => !document.querySelector('#what-if-banner .what-if-change'));
    await page.waitForFunction(() => document.querySelector('#trial-NCT03838796 .verdict')?.textContent.includes('INELIGIBLE'));
    assert.equal(await page.locator('.what-if-mark').count(), 0);
    assert.equal(await page.inputValue('#what-if-platelets'), '62000');
    await page.waitForFunction(() => document.querySelector('#print-record h3')?.textContent === 'Eligibility screening record');
  });

  await step('17b. what-if on the history: a record removed, or an item added, moves the criterion that reads it, marked and printed', async () => {
    const crit = '#trial-NCT03838796 ul.criteria > li[data-criterion="NCT03838796-f81db42e"]';
    const critResult = async () => (await page.locator(`${crit} > .crit-head .badge`).textContent());
    const withLenvatinib = example('eligible.json');
    withLenvatinib.medications.push({ concept: 'lenvatinib', start: '2025-03-01', text: 'lenvatinib 8 mg daily' });
    await page.selectOption('#trial', 'NCT03838796');
    await page.click('#tab-file');
    await page.fill('#date', '2026-11-02');
    await page.fill('#patient-text', JSON.stringify(withLenvatinib));
    await page.click('#run');
    const remove = page.locator('#what-if-remove-medications-lenvatinib-2025-03-01');
    await remove.waitFor({ state: 'attached' });
    await page.waitForFunction(() => !document.querySelector('#results').classList.contains('stale'));
    assert.equal((await page.locator('#trial-NCT03838796 .verdict').textContent()).trim(), '✗ INELIGIBLE');
    assert.match(await critResult(), /not met/i);
    assert.equal(await page.locator('.what-if-mark').count(), 0);
    if (!(await page.locator('#what-if-details').getAttribute('open') !== null)) await page.click('#what-if-details > summary');
    // The row: the record's start date, editable, and a box to remove it.
    const row = page.locator('.what-if-row[data-key="history:medications:lenvatinib:2025-03-01"]');
    assert.equal(await row.locator('.what-if-record').textContent(), 'record: 2025-03-01 to ongoing');
    assert.equal(await page.inputValue('#what-if-history-medications-lenvatinib-2025-03-01'), '2025-03-01');
    await remove.check();
    const banner = page.locator('#what-if-banner .what-if-change');
    await banner.first().waitFor();
    assert.equal(await banner.first().textContent(), 'what-if: lenvatinib (medications) 2025-03-01 → removed (changed)');
    await page.waitForFunction(() => document.querySelector('#trial-NCT03838796 .verdict')?.textContent.includes('ELIGIBLE')
      && !document.querySelector('#trial-NCT03838796 .verdict').textContent.includes('INELIGIBLE'));
    assert.match(await page.locator(`${crit} > .crit-head .what-if-mark`).textContent(),
      /^what-if: changed \(the record: not met\)$/);
    assert.ok(await page.locator(crit).evaluate((li) => li.classList.contains('what-if-changed')));
    assert.match(await page.locator('#trial-NCT03838796 .what-if-trial').textContent(), /For the record as it is: ✗ INELIGIBLE\.$/);
    assert.ok(await page.locator('.what-if-row[data-key="history:medications:lenvatinib:2025-03-01"]').evaluate((r) => r.classList.contains('changed')));
    await noBadWords('what-if history removed');

    // Added from the trials' concepts: the record without lenvatinib gets one; the criterion is not met, marked with the record's met.
    await page.fill('#patient-text', JSON.stringify(example('eligible.json')));
    await page.click('#run');
    await page.waitForFunction(() => !document.querySelector('#what-if-banner .what-if-change')
      && document.querySelector('#trial-NCT03838796 .verdict')?.textContent.trim() === '✓ ELIGIBLE'
      && !document.querySelector('#results').classList.contains('stale'));
    await page.locator('#what-if-add-concept').waitFor({ state: 'attached' });
    if (!(await page.locator('#what-if-details').getAttribute('open') !== null)) await page.click('#what-if-details > summary');
    await page.selectOption('#what-if-add-concept', 'medications|lenvatinib');
    await page.fill('#what-if-add-date', '2025-03-01');
    await page.click('#what-if-add');
    await banner.first().waitFor();
    assert.equal(await banner.first().textContent(), 'what-if: lenvatinib (medications) not recorded → added (2025-03-01) (changed)');
    await page.waitForFunction(() => document.querySelector('#trial-NCT03838796 .verdict')?.textContent.includes('INELIGIBLE'));
    assert.match(await page.locator(`${crit} > .crit-head .what-if-mark`).textContent(), /^what-if: changed \(the record: met\)$/);
    assert.match(await critResult(), /not met/i);
    // The added item is a row of its own, undone by "Do not add".
    const added = page.locator('.what-if-row[data-key="history-add:medications:lenvatinib"]');
    assert.equal(await added.locator('.what-if-record').textContent(), 'record: not recorded');
    await noBadWords('what-if history added');
    await page.screenshot({ path: join(artifacts, 'page-what-if-history.png'), fullPage: true });
    // In print: the banner and the mark beside the criterion.
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.locator('#what-if-banner .what-if-banner').isVisible());
    assert.match(await page.locator('#what-if-banner').innerText(), /lenvatinib \(medications\) not recorded → added \(2025-03-01\)/);
    assert.ok(!(await page.locator('#what-if-details').isVisible()));
    await page.pdf({ path: join(artifacts, 'page-what-if-history.pdf'), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    await added.locator('.what-if-drop').click();
    await page.waitForFunction(() => !document.querySelector('#what-if-banner .what-if-change')
      && document.querySelector('#trial-NCT03838796 .verdict')?.textContent.trim() === '✓ ELIGIBLE');
    assert.equal(await page.locator('.what-if-mark').count(), 0);

    // An end date: an ongoing mental illness excludes ("Patients with mental illness", read as now); ended before the
    // screening date, it does not; emptied again, it is ongoing.
    const withIllness = example('eligible.json');
    withIllness.conditions.push({ concept: 'mental illness', onset: '2024-01-10', text: 'Major depressive disorder' });
    await page.fill('#patient-text', JSON.stringify(withIllness));
    await page.click('#run');
    const end = page.locator('#what-if-history-end-conditions-mental_illness-2024-01-10');
    await end.waitFor({ state: 'attached' });
    await page.waitForFunction(() => document.querySelector('#trial-NCT03838796 .verdict')?.textContent.trim() === '✗ INELIGIBLE'
      && !document.querySelector('#results').classList.contains('stale'));
    if (!(await page.locator('#what-if-details').getAttribute('open') !== null)) await page.click('#what-if-details > summary');
    assert.equal(await page.locator('.what-if-row[data-key="history:conditions:mental_illness:2024-01-10"] .what-if-record').textContent(),
      'record: 2024-01-10 to ongoing');
    assert.equal(await end.inputValue(), '');
    await end.fill('2025-06-01');
    await end.dispatchEvent('change');
    await banner.first().waitFor();
    assert.equal(await banner.first().textContent(), 'what-if: mental illness (conditions) 2024-01-10 to ongoing → 2024-01-10 to 2025-06-01 (changed)');
    await page.waitForFunction(() => document.querySelector('#trial-NCT03838796 .verdict')?.textContent.trim() === '✓ ELIGIBLE');
    const illness = '#trial-NCT03838796 ul.criteria > li[data-criterion="NCT03838796-54e0c5b4"]';
    assert.match(await page.locator(`${illness} > .crit-head .badge`).textContent(), /^✓ not met: does not exclude$/);
    assert.match(await page.locator(`${illness} > .crit-head .what-if-mark`).textContent(), /^what-if: changed \(the record: met\)$/);
    await noBadWords('what-if end date');
    await page.click('#what-if-reset');
    await page.waitForFunction(() => !document.querySelector('#what-if-banner .what-if-change')
      && document.querySelector('#trial-NCT03838796 .verdict')?.textContent.trim() === '✗ INELIGIBLE');
  });

  await step('18. answers in the page: a question answered inline; the answers download as a QuestionnaireResponse and load again', async () => {
    const prolong = example('prolong-candidate.json');
    delete prolong.findings.unresectable;
    await page.selectOption('#trial', 'NCT04560751');
    await page.fill('#date', '');
    await page.fill('#patient-text', JSON.stringify(prolong));
    await page.click('#run');
    const verdictIs = (p, word) => p.waitForFunction((w) => document.querySelector('#trial-NCT04560751 .verdict')?.textContent.includes(w), word);
    await verdictIs(page, 'PENDING QUESTIONS');
    const question = page.locator('#trial-NCT04560751 .answer-form fieldset[data-criterion="NCT04560751-8ce0332c"]');
    await question.waitFor();
    assert.match(await page.locator('#trial-NCT04560751 .counts').textContent(), /[1-9]\d* questions?/);
    await question.locator('input[value="yes"]').check();
    await page.fill('#answers-by-NCT04560751', 'Dr A. Chen');
    await page.click('#trial-NCT04560751 .answer-form button[type="submit"]');
    await verdictIs(page, 'ELIGIBLE');
    assert.equal((await page.locator('#trial-NCT04560751 .verdict').textContent()).trim(), '✓ ELIGIBLE');
    assert.match(await page.locator('#trial-NCT04560751').textContent(), /answered by Dr A\. Chen on 2026-11-02: yes, the criterion holds/);
    assert.equal((await page.locator('#answers-count').textContent()).trim(), '1 answer given in this page.');
    await noBadWords('answered');
    await page.screenshot({ path: join(artifacts, 'page-answers.png'), fullPage: true });

    // Download: a FHIR R4 QuestionnaireResponse of the trial's questionnaire.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#answers-download')]);
    const file = join(artifacts, 'answers.fhir.json');
    await download.saveAs(file);
    const qr = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(qr.resourceType, 'QuestionnaireResponse');
    assert.equal(qr.status, 'completed');
    assert.match(qr.questionnaire, /^urn:eligo:questionnaire:NCT04560751\|\S+$/);
    assert.equal(qr.authored, '2026-11-02');
    assert.deepEqual(qr.author, { display: 'Dr A. Chen' });
    assert.deepEqual(qr.subject, { reference: 'Patient/EX-PROLONG' });
    const items = [];
    const walk = (is) => { for (const i of is || []) { if (i.answer) items.push(i); walk(i.item); } };
    walk(qr.item);
    assert.deepEqual(items.map((i) => [i.linkId, i.answer]), [['NCT04560751-8ce0332c', [{ valueBoolean: true }]]]);
    // eligo check reads it in a bundle (the patient's FHIR twin) as the same answer.
    const bundle = JSON.parse(readFileSync(join(src, 'patients/fhir/prolong-candidate.json'), 'utf8'));
    bundle.entry.push({ resource: { ...qr, subject: { reference: bundle.entry[0].fullUrl } } });
    const bundled = join(artifacts, 'prolong-with-answers.fhir.json');
    writeFileSync(bundled, JSON.stringify(bundle));
    assert.equal(JSON.parse(eligo('check', 'NCT04560751', bundled, '--date', '2026-11-02', '--format', 'json')).verdict, 'eligible');

    // A fresh page: the same patient, the answers loaded from the file: the same answers and the same result.
    const fresh = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const freshErrors = [];
    fresh.on('pageerror', (e) => freshErrors.push(String(e)));
    await fresh.goto(base + '/');
    await fresh.locator('#trial option[value="NCT04560751"]').waitFor({ state: 'attached' });
    await fresh.selectOption('#trial', 'NCT04560751');
    await fresh.fill('#patient-text', JSON.stringify(prolong));
    await fresh.click('#run');
    await verdictIs(fresh, 'PENDING QUESTIONS');
    // A malformed response is refused, naming where; nothing is loaded.
    const bad = join(artifacts, 'answers-bad.fhir.json');
    writeFileSync(bad, JSON.stringify({ ...qr, item: [{ linkId: 'NCT04560751-8ce0332c', answer: [{ valueString: 'yes' }] }] }));
    await fresh.setInputFiles('#answers-file', bad);
    await fresh.waitForFunction(() => /could not be loaded/.test(document.querySelector('#answers-note')?.textContent || ''));
    assert.match(await fresh.locator('#answers-note').textContent(), /QuestionnaireResponse\/eligo-answers-1: item\[0\]\.answer\[0\]: valueString/);
    assert.equal((await fresh.locator('#answers-count').textContent()).trim(), 'No answers given in this page.');
    await fresh.setInputFiles('#answers-file', file);
    await verdictIs(fresh, 'ELIGIBLE');
    assert.equal((await fresh.locator('#answers-count').textContent()).trim(), '1 answer given in this page.');
    assert.match(await fresh.locator('#trial-NCT04560751').textContent(), /answered by Dr A\. Chen on 2026-11-02: yes, the criterion holds/);
    const again = fresh.locator('#trial-NCT04560751 .answer-form fieldset[data-criterion="NCT04560751-8ce0332c"]');
    await again.waitFor();
    assert.ok(await again.locator('input[value="yes"]').isChecked());
    // The same result as the page that answered: every criterion's result.
    const results = (p) => p.locator('#trial-NCT04560751 ul.criteria > li .badge').allTextContents();
    assert.deepEqual(await results(fresh), await results(page));
    const text = await fresh.evaluate(() => document.querySelector('main').textContent);
    assert.doesNotMatch(text, /\b(null|undefined|NaN)\b/);
    assert.deepEqual(freshErrors, []);
    await fresh.close();
  });

  await step('the page logged no errors', async () => {
    assert.deepEqual(consoleErrors, []);
  });
} catch (_) {
  failed = true;
} finally {
  await browser.close().catch(() => {});
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
}
process.exit(failed ? 1 : 0);
