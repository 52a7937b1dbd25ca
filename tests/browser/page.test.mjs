// End-to-end test of the investigator's page, run by CTest (tests/CMakeLists.txt):
// eligo serve on an ephemeral loopback port, Debian's chromium headless, driven by playwright-core.
//   1. load the page;
//   2. fill the form with the example eligible patient's data and see "eligible" for NCT03838796;
//   3. paste the example ineligible patient and see the failing criterion's "why", and a nested
//      criterion's why as a tree;
//   4. test a criterion that does not compile and see the caret;
//   5. save screenshots (ELIGO_ARTIFACTS, default build/artifacts).
// Usage: node page.test.mjs ELIGO_BIN SOURCE_DIR ARTIFACT_DIR
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
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
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: run scripts/install-deps.sh --test (it installs Debian's chromium)`);
  process.exit(1);
}
mkdirSync(artifacts, { recursive: true });
const example = (name) => JSON.parse(readFileSync(join(src, 'patients/examples', name), 'utf8'));

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
  try {
    await fn();
    console.log(`ok   ${name}`);
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

try {
  await step('1. the page loads, with every trial to pick from', async () => {
    await page.goto(base + '/');
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.title(), 'Eligo: check a candidate');
    const n = await page.locator('#trial option').count();
    assert.ok(n >= 5, `only ${n} trial options`);
  });

  await step('2. the form, filled with the example eligible patient, gives "eligible" for NCT03838796', async () => {
    const p = example('eligible.json');
    await page.selectOption('#trial', 'NCT03838796');
    await page.click('#tab-form');
    await page.waitForSelector('[name="lab:platelets:value"]');
    await page.fill('#date', p.screening_date);
    await page.fill('[name="id"]', 'EX-ELIGIBLE (form)');
    await page.fill('[name="birth_date"]', p.birth_date);
    await choose('sex', p.sex);
    await page.fill('[name="lab_date"]', p.labs[0].date);
    const ids = { 'total bilirubin': 'total_bilirubin', albumin: 'albumin', AST: 'ast', ALT: 'alt', ALP: 'alp',
      'absolute neutrophil count': 'absolute_neutrophils', hemoglobin: 'hemoglobin', platelets: 'platelets', INR: 'inr' };
    const units = { 'IU/L': 'U/L', '10^9/L': '×10^9/L', 1: '(no unit)' };
    for (const lab of p.labs) {
      const id = ids[lab.analyte];
      assert.ok(id, `no form field for ${lab.analyte}`);
      await page.fill(`[name="lab:${id}:value"]`, String(lab.value));
      await choose(`lab:${id}:unit`, units[lab.unit] || lab.unit);
      if (lab.reference_range && (await page.locator(`[name="lab:${id}:uln"]`).count())) await page.fill(`[name="lab:${id}:uln"]`, String(lab.reference_range.high));
    }
    await page.fill('[name="lab:tumour_number:value"]', String(p.tumour.number));
    await page.fill('[name="lab:tumour_size:value"]', String(p.tumour.size.value));
    await choose('lab:tumour_size:unit', p.tumour.size.unit);
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
    assert.equal((await verdict.textContent()).trim(), '✓ ELIGIBLE');
    assert.match(await page.locator('#results-meta').textContent(), /EX-ELIGIBLE \(form\), screened on 2026-11-02/);
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
    const why = page.locator('#trial-NCT03838796 li.failing .why', { hasText: 'Platelets 62,000 /µL' });
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
