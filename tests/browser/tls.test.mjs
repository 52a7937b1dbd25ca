// The page through a TLS reverse proxy (tests/serve_tls.sh starts Debian's nginx in front of
// eligo serve --token-file): Debian's chromium opens the https address, is asked for the token
// once, screens the example ineligible patient, and reloads in the same tab without being asked again.
// Usage: node tls.test.mjs HTTPS_URL TOKEN PATIENT_FILE ARTIFACT_DIR
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const [url, token, patientFile, artifacts] = process.argv.slice(2);
if (!url || !token || !patientFile || !artifacts) {
  console.error('usage: node tls.test.mjs HTTPS_URL TOKEN PATIENT_FILE ARTIFACT_DIR');
  process.exit(2);
}
const { chromium } = await import('playwright-core');
mkdirSync(artifacts, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-proxy-server', '--disable-background-networking'],
});
// The certificate is self-signed for this test; curl checks it against its own file (serve_tls.sh).
const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(20000);
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
let failed = false;
try {
  await page.goto(url + '/');
  await page.locator('#token-dialog').waitFor({ state: 'visible' });
  await page.fill('#token-input', 'not-the-token-000000');
  await page.click('#token-ok');
  await page.locator('#token-why', { hasText: 'did not accept' }).waitFor();
  await page.fill('#token-input', token);
  await page.click('#token-ok');
  await page.waitForSelector('body[data-ready="true"]');
  assert.ok((await page.locator('#trial option').count()) >= 5, 'the trial list did not load through the proxy');
  await page.fill('#patient-text', readFileSync(patientFile, 'utf8'));
  await page.click('#run');
  const verdict = page.locator('#trial-NCT03838796 .verdict');
  await verdict.waitFor();
  assert.equal((await verdict.textContent()).trim(), '✗ INELIGIBLE');
  await page.screenshot({ path: join(artifacts, 'page-tls.png'), fullPage: false });
  // Same tab: the token is kept, no second question.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('#token-dialog').isVisible(), false, 'asked for the token again in the same tab');
  assert.deepEqual(errors, []);
  console.log('ok   chromium through the TLS proxy: token asked once, wrong token refused, verdict shown, kept on reload');
} catch (e) {
  failed = true;
  console.log(`FAIL ${e.message || e}`);
  await page.screenshot({ path: join(artifacts, 'page-tls-failure.png'), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
