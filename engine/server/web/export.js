// Export of the current result: JSON (the API's answer, as it came) and CSV (one row per criterion for one trial, one
// row per trial for all trials), each with the screening's provenance: the patient, the screening date, the Eligo
// version and the trial file with its SHA-256. Listens to the page's 'eligo:result' and 'eligo:error' events (app.js).
'use strict';

const exported = { detail: null };

// A CSV field (RFC 4180): quoted when it holds a comma, a quote, or a line break, with its quotes doubled. A text that
// a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return) is written after a
// single quote, as OWASP advises for CSV exported from a web application.
function csvField(v) {
  let s = v === undefined || v === null ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvText(header, rows) {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

// One trial: a row per criterion (top level, then nested bullets with their parent's line), its result and why.
function criteriaCsv(data) {
  const file = data.trial_file || {};
  const header = ['patient', 'screening_date', 'eligo_version', 'trial', 'trial_file', 'trial_sha256', 'verdict',
    'section', 'line', 'parent_line', 'id', 'kind', 'result', 'counts', 'text', 'read_as', 'why', 'missing'];
  const rows = [];
  const add = (c, parent) => {
    rows.push([data.patient, data.date, data.eligo_version, data.trial, file.name, file.sha256, data.verdict,
      c.section || (parent && parent.section) || '', c.line, parent ? parent.line : '', c.id, c.kind, c.result,
      parent ? 'nested' : standing(c), c.text, c.as || c.combination || '', c.why || c.answer || '', (c.missing || []).join('; ')]);
    for (const ch of c.children || []) add({ ...ch, section: ch.section || c.section }, c);
  };
  for (const c of data.criteria || []) add(c, null);
  return csvText(header, rows);
}

// All trials: a row per trial, in the API's rank, with the counts the table shows.
function trialsCsv(data) {
  const header = ['patient', 'screening_date', 'eligo_version', 'rank', 'trial', 'title', 'verdict', 'near_miss', 'criteria_partial',
    'failing', 'open', 'questions', 'data_open', 'at_enrolment', 'trial_file', 'trial_sha256'];
  const rows = data.trials.map((t, i) => {
    const n = tallyOf(t);
    const screened = t.verdict !== 'not_screenable';
    const file = t.trial_file || {};
    return [data.patient, data.date, data.eligo_version, i + 1, t.trial, t.title, t.verdict, t.near_miss ? 'yes' : 'no',
      t.criteria_partial ? 'yes' : 'no', screened ? n.failing : '', screened ? n.open : '', screened ? n.questions : '',
      screened ? n.data : '', screened ? n.enrolment : '', file.name, file.sha256];
  });
  return csvText(header, rows);
}

// A file name from the result: eligo-TRIAL-PATIENT-DATE.EXT, each part kept to letters, digits, '.', '_' and '-'.
function exportName(ext) {
  const { data, single } = exported.detail;
  const part = (s) => String(s || '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  return `eligo-${single ? part(data.trial) : 'all-trials'}-${part(data.patient)}-${part(data.date)}.${ext}`;
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function exportJson() {
  if (!exported.detail) return;
  download(exportName('json'), 'application/json', JSON.stringify(exported.detail.data, null, 2) + '\n');
}

function exportCsv() {
  if (!exported.detail) return;
  const { data, single } = exported.detail;
  download(exportName('csv'), 'text/csv;charset=utf-8', single ? criteriaCsv(data) : trialsCsv(data));
}

function setExportable(detail) {
  exported.detail = detail;
  $('export-csv').disabled = !detail;
  $('export-json').disabled = !detail;
}

document.addEventListener('DOMContentLoaded', () => {
  $('export-csv').addEventListener('click', exportCsv);
  $('export-json').addEventListener('click', exportJson);
  document.addEventListener('eligo:result', (ev) => setExportable(ev.detail));
  document.addEventListener('eligo:error', () => setExportable(null));
});
