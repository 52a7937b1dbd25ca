// The printout of a result: what a coordinator files. Above the result, the record of the screening (the Eligo
// version, the trial file and its SHA-256, the screening date, the inputs); below it, a reviewer and date line.
// Shown in print only (print.css); on screen the same facts are in the page already.
// Listens to the page's 'eligo:result' and 'eligo:error' events (app.js); text is set as text, never as HTML.
'use strict';

// The candidate as it was given, for the printout: the uploaded file's name, when the text is that file's.
const printInput = { fileName: '', fileText: '', runs: 0 };

// The SHA-256 of the candidate's text, as `sha256sum` prints it; '' where the browser gives no digest (a page served
// over plain HTTP from another host than this machine is not a secure context).
async function sha256Text(text) {
  if (!(window.crypto && crypto.subtle)) return '';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// A number as the record gives it, to five significant digits (a FHIR record's 177.02079933771049 cm is 177.02 cm),
// without an exponent for everyday sizes.
function printNumber(x) {
  if (typeof x !== 'number') return String(x);
  if (Math.abs(x) >= 100000) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(5)));
}

// What Eligo read from the candidate, the latest value of each item: labs, scores, findings, history (from the
// profile, POST /api/profile). One line per kind, items separated, so that a Synthea record fits a few lines.
function readValues(profile) {
  const lines = [];
  const latest = new Map();
  for (const l of profile.labs || []) {
    const had = latest.get(l.analyte);
    if (!had || String(l.date || '') >= String(had.date || '')) latest.set(l.analyte, l);
  }
  const unitOf = (l) => ('unit_display' in l ? l.unit_display : l.unit);
  const labs = [...latest.values()].map((l) => `${l.display} ${l.comparator || ''}${printNumber(l.value)}${unitOf(l) ? ` ${unitOf(l)}` : ''}${l.date ? ` (${l.date})` : ''}`);
  if (labs.length) lines.push(['Labs (latest of each)', labs]);
  const scores = (profile.scores || []).map((s) => `${s.score} ${s.label}${s.date ? ` (${s.date})` : ''}`);
  if (scores.length) lines.push(['Scores', scores]);
  const findings = (profile.findings || []).map((f) => `${f.concept.replace(/_/g, ' ')}: ${f.present ? 'present' : 'absent'}`);
  if (findings.length) lines.push(['Findings', findings]);
  // Each history list, and the records on it that name no catalogue concept (a criterion's "none among N records" counts
  // them), so that paper shows what a closed-world answer rests on.
  const unnamed = new Map();
  for (const system of profile.unmapped_codes || []) {
    for (const c of system.codes || []) {
      if (!unnamed.has(c.list)) unnamed.set(c.list, []);
      unnamed.get(c.list).push(`${c.display || `${system.name} ${c.code}`}${c.count > 1 ? ` ×${c.count}` : ''}`);
    }
  }
  for (const [key, label] of [['conditions', 'Conditions'], ['medications', 'Medications'], ['procedures', 'Procedures'], ['allergies', 'Allergies']]) {
    const items = (profile[key] || []).map((h) => `${h.text || h.concept}${h.start ? ` (${h.start})` : ''}`);
    const other = unnamed.get(key) || [];
    if (other.length) {
      const shown = other.slice(0, 12);
      items.push(`naming no catalogue concept: ${shown.join(', ')}${other.length > shown.length ? `, and ${other.length - shown.length} more, listed by eligo profile` : ''}`);
    }
    if (items.length) lines.push([label, items]);
  }
  return lines;
}

// Where the candidate came from: the form, an uploaded file (its name), or pasted text; its size and SHA-256.
async function inputSource(patient) {
  const bytes = new TextEncoder().encode(patient).length;
  const hash = await sha256Text(patient);
  let from;
  if (state.source === 'form') from = 'the form on the page';
  else if (printInput.fileName && printInput.fileText === patient) from = `the file ${printInput.fileName}`;
  else from = 'text pasted into the page';
  return `${from}, ${bytes.toLocaleString('en-US')} bytes${hash ? `, SHA-256 ${hash}` : ''}`;
}

function printRow(label, ...value) {
  return el('div', { class: 'pr-row' }, el('dt', { text: label }), el('dd', {}, ...value));
}

async function renderPrintout(detail) {
  const { data, single, profile, patient } = detail;
  const sheet = $('print-record');
  const ticket = ++printInput.runs;
  delete sheet.dataset.ready;
  const source = await inputSource(patient);
  if (ticket !== printInput.runs) return;  // a later result came meanwhile: its printout is the one to build
  const printed = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const rows = [printRow('Screened with', `Eligo ${data.eligo_version || '(version not given by the server)'}; printed ${printed} UTC`)];
  if (single) {
    const file = data.trial_file || {};
    rows.push(printRow('Trial', `${data.trial}: ${data.title || ''}`));
    rows.push(printRow('Trial file', file.name ? `${file.name}, SHA-256 ${file.sha256}` : 'not given by the server'));
  }
  else {
    rows.push(printRow('Trials', `${data.trials.length} (each trial file's name and SHA-256 are in the JSON export)`));
  }
  rows.push(printRow('Screening date', data.date));
  rows.push(printRow('Candidate', source));
  const values = profile ? readValues(profile) : [];
  const read = values.length
    ? el('div', { class: 'pr-read' }, el('p', { class: 'pr-read-head', text: 'What Eligo read from the candidate:' }),
      el('dl', {}, values.map(([label, items]) => printRow(label, items.join(' · ')))))
    : el('p', { class: 'pr-read-head', text: profile ? 'Eligo read no values from the candidate.' : 'The values read could not be listed (no profile).' });
  // A what-if result is not a screening result: its printout says so first, in words that survive a photocopy.
  const changes = (data.what_if && data.what_if.changes) || [];
  const head = changes.length
    ? el('h3', { class: 'pr-what-if', text: `WHAT-IF — NOT A SCREENING RESULT (${changes.length} value${changes.length === 1 ? '' : 's'} changed from the record)` })
    : el('h3', { text: 'Eligibility screening record' });
  sheet.replaceChildren(head, el('dl', { class: 'pr-facts' }, rows), read);
  pageFooter(`Eligo screening of ${data.patient || 'the candidate'} · ${single ? data.trial : `${data.trials.length} trials`} · ${data.date}${
    changes.length ? ' · WHAT-IF, NOT FOR FILING' : ''}`);
  // A decision is taken on one trial's screening of the record as it is: not on the summary of all trials, nor on a what-if.
  const decision = single && !changes.length
    ? el('p', { class: 'pr-decision' }, el('span', { text: 'Decision:' }), el('span', { text: '☐ eligible' }), el('span', { text: '☐ not eligible' }),
      el('span', { text: '☐ refer to the principal investigator' }))
    : null;
  $('print-review').replaceChildren(
    decision,
    el('p', { class: 'pr-sign' }, el('span', { text: 'Reviewed by' }), el('span', { class: 'pr-blank', 'aria-hidden': 'true' }),
      el('span', { text: 'Date' }), el('span', { class: 'pr-blank short', 'aria-hidden': 'true' })),
    el('p', { class: 'pr-note', text: 'Eligo reads registry criteria against the record; a clinician confirms each verdict before enrolment.' }));
  document.body.classList.toggle('print-all-trials', !single);
  sheet.dataset.ready = 'true';
}

// Each printed page's footer names the screening (print.css numbers the pages). The page's Content-Security-Policy allows
// no inline style, so the rule goes into print.css's own sheet through the CSSOM; the text is a CSS string.
const footer = { rule: null };
function pageFooter(text) {
  const sheet = [...document.styleSheets].find((s) => s.href && s.href.endsWith('/print.css'));
  if (!sheet) return;
  if (footer.rule !== null) {
    const at = [...sheet.cssRules].indexOf(footer.rule);
    if (at >= 0) sheet.deleteRule(at);
    footer.rule = null;
  }
  if (!text) return;
  const css = String(text).replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/["\\]/g, (c) => `\\${c}`);
  try {
    const at = sheet.insertRule(`@media print { @page { @bottom-left { content: "${css}"; font-size: 7pt; } } }`, sheet.cssRules.length);
    footer.rule = sheet.cssRules[at];
  }
  catch (e) { /* a browser without page-margin boxes prints no footer; the record above names the screening */ }
}

function clearPrintout() {
  pageFooter('');
  printInput.runs++;
  delete $('print-record').dataset.ready;
  $('print-record').replaceChildren();
  $('print-review').replaceChildren();
}

// Every closed part of the result is opened for printing (the browser's print, or the Print button), so that a
// single trial's printout holds all of its criteria.
function openForPrint() {
  document.querySelectorAll('#trials details.trial:not([hidden]), #trials details.all-criteria').forEach((d) => { d.open = true; });
}

document.addEventListener('DOMContentLoaded', () => {
  $('patient-file').addEventListener('change', async (ev) => {
    const f = ev.target.files[0];
    printInput.fileName = f ? f.name : '';
    printInput.fileText = f ? await f.text() : '';
  });
  document.addEventListener('eligo:result', (ev) => { renderPrintout(ev.detail); });
  document.addEventListener('eligo:error', clearPrintout);
  window.addEventListener('beforeprint', openForPrint);
});
