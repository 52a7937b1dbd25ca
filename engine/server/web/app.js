// The investigator's page: pick a trial, give the candidate's data, read the verdict and why.
// Talks only to this server's JSON API (docs/server.md). Text from the server is always set as
// text, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return e;
}

// Every NCT id on the page links to its ClinicalTrials.gov record, in a new tab that cannot reach
// back to this one; other ids (seed-001-…) are plain text.
const NCT_ID = /^NCT\d{8}$/;
const NCT_IN_TEXT = /\bNCT\d{8}\b/g;

function nctLink(id) {
  return el('a', { class: 'nct', href: `https://clinicaltrials.gov/study/${id}`, rel: 'noopener noreferrer', target: '_blank',
    title: `${id} on ClinicalTrials.gov (opens in a new tab)`, text: id });
}

// A trial id: its registry link when it is an NCT id, else its text.
function trialId(id) {
  return NCT_ID.test(id) ? nctLink(id) : document.createTextNode(id);
}

// Text with each NCT id in it a link (registry wording, titles).
function withNctLinks(text) {
  const out = [];
  let last = 0;
  for (const m of String(text).matchAll(NCT_IN_TEXT)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(nctLink(m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

// A trial's title as the engine gives it (the header's title, else its condition and phase); a registry record
// with none of these has only its id, and the page says so rather than repeat the id.
function titleNodes(t, links = true) {
  if (t.title && t.title !== t.trial) return links ? withNctLinks(t.title) : [t.title];
  return [el('span', { class: 'no-title', text: 'no title, condition or phase in the registry record' })];
}

// A server started with --token-file answers 401 to an API call without its token: the page asks
// for it once, keeps it for this tab (sessionStorage), and sends it on every call.
const TOKEN_KEY = 'eligo-token';

let tokenPrompt = null;  // one dialog at a time: calls refused together wait for the same answer

function askToken(rejected) {
  if (tokenPrompt) return tokenPrompt;
  const dialog = $('token-dialog');
  $('token-why').textContent = rejected
    ? 'The server did not accept this token. Check it and type it again.'
    : 'This Eligo server protects patient data with a token. Ask whoever runs it for the token; the page keeps it for this tab only.';
  $('token-input').value = '';
  tokenPrompt = new Promise((resolve) => {
    dialog.addEventListener('close', () => { tokenPrompt = null; resolve($('token-input').value.trim()); }, { once: true });
    dialog.showModal();
  });
  return tokenPrompt;
}

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let res;
  for (let attempt = 0; ; attempt++) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) init.headers['Authorization'] = `Bearer ${token}`;
    res = await fetch(path, init);
    if (res.status !== 401 || attempt === 3) break;
    if (sessionStorage.getItem(TOKEN_KEY) !== token) continue;  // another call was given a new token meanwhile
    const given = await askToken(Boolean(token));
    if (!given) break;
    sessionStorage.setItem(TOKEN_KEY, given);
  }
  let data = null;
  try { data = await res.json(); } catch (_) { data = { error: `HTTP ${res.status}` }; }
  return { ok: res.ok, status: res.status, data };
}

// shown: a result (not an error) is on screen; version counts changes of input, so a result that comes back after
// an edit is shown as out of date; runs numbers the checks, so only the latest one's answer is shown.
const state = { source: 'file', inputs: null, lastPatient: null, shown: false, version: 0, runs: 0,
  rows: [], sort: { key: null, dir: 1 } };

// ---- trial picker and screening date ---------------------------------------

async function loadTrials() {
  const r = await api('GET', '/api/trials');
  if (!r.ok) { status(r.data.error, true); return; }
  for (const t of r.data.trials) {
    const manual = t.manual ? `, ${t.manual} manual review` : '';
    const partial = t.criteria_partial ? ', criteria partial' : '';
    $('trial').append(el('option', { value: t.id, text: `${t.id}: ${t.title} (${t.criteria} criteria${manual}${partial})` }));
  }
}

function status(text, error) {
  $('status').textContent = text || '';
  $('status').className = error ? 'error' : '';
}

// ---- the form: the fields the chosen trial reads ----------------------------

function field(labelText, control, extra) {
  return el('label', { class: 'field' }, el('span', { class: 'name', text: labelText }), control, extra || null);
}

// A field beside another (a lab's ULN and date): as narrow as its control.
function smallField(labelText, control) {
  const f = field(labelText, control);
  f.classList.add('small-field');
  return f;
}

async function loadForm() {
  const trial = $('trial').value;
  const r = await api('GET', '/api/inputs' + (trial ? `?trial=${encodeURIComponent(trial)}` : ''));
  if (!r.ok) { status(r.data.error, true); return; }
  state.inputs = r.data;
  renderForm(r.data);
}

function renderForm(inp) {
  const form = $('form');
  const keep = new FormData(form);  // values already typed survive a change of trial
  form.replaceChildren();

  const person = el('fieldset', {}, el('legend', { text: 'Candidate' }));
  person.append(field('Patient id', el('input', { name: 'id', value: 'FORM-1' })));
  person.append(field('Birth date', el('input', { type: 'date', name: 'birth_date' })));
  person.append(field('Sex', el('select', { name: 'sex' },
    el('option', { value: '', text: 'not known' }), el('option', { value: 'female', text: 'female' }),
    el('option', { value: 'male', text: 'male' }))));
  form.append(person);

  if (inp.labs.length) {
    const labs = el('fieldset', {}, el('legend', { text: 'Labs and measurements' }),
      el('p', { class: 'hint', text: 'Each value in the unit of the lab report: each unit is first set to the one the trial writes. '
        + 'Beside the value, what Eligo reads it as. A date left empty is the screening date.' }));
    for (const l of inp.labs) {
      const unit = el('select', { name: `lab:${l.analyte}:unit`, 'aria-label': `${l.display} unit` },
        l.units.map((u) => el('option', { value: u.code, text: u.display, selected: u.code === l.unit || undefined })));
      const value = el('input', { type: 'number', step: 'any', name: `lab:${l.analyte}:value`, inputmode: 'decimal',
        id: `lab-${l.analyte}-value`, 'aria-describedby': `lab-${l.analyte}-read`, 'data-describedby': `lab-${l.analyte}-read` });
      const read = el('output', { class: 'converted', id: `lab-${l.analyte}-read`, for: `lab-${l.analyte}-value`, 'data-analyte': l.analyte });
      const row = el('div', { class: 'lab' }, field(l.display, value), unit, read);
      if (l.uln) {
        row.append(smallField('ULN', el('input', { type: 'number', step: 'any', name: `lab:${l.analyte}:uln`, class: 'narrow',
          title: 'Upper limit of normal from the lab report, in the same unit. Empty: the catalogue default is used and flagged.' })));
      }
      row.append(smallField('date', el('input', { type: 'date', name: `lab:${l.analyte}:date`, 'aria-label': `${l.display} date (empty: the screening date)` })));
      labs.append(row);
    }
    form.append(labs);
  }

  if (inp.scores.length) {
    const scores = el('fieldset', {}, el('legend', { text: 'Scores' }));
    for (const s of inp.scores) {
      const note = s.derived ? ' (or leave empty: derived from its parts)' : '';
      scores.append(field(s.display + note, el('select', { name: `score:${s.score}` },
        el('option', { value: '', text: 'not known' }), s.labels.map((l) => el('option', { value: l.value, text: l.text })))));
    }
    scores.append(field('Assessed on', el('input', { type: 'date', name: 'score_date' }),
      el('span', { class: 'hint', text: ' (empty: the screening date)' })));
    form.append(scores);
  }

  if (inp.findings.length) {
    const f = el('fieldset', {}, el('legend', { text: 'Findings' }));
    for (const c of inp.findings) {
      f.append(field(c.display, el('select', { name: `finding:${c.concept}` },
        el('option', { value: '', text: 'not known' }), el('option', { value: 'true', text: 'present' }),
        el('option', { value: 'false', text: 'absent' }))));
    }
    form.append(f);
  }

  const lists = Object.entries(inp.history).filter(([, cs]) => cs.length);
  if (lists.length) {
    const h = el('fieldset', {}, el('legend', { text: 'History' }),
      el('p', { class: 'hint', text: 'Answering any item of a list records that list as complete: items left "not known" then count as absent.' }));
    for (const [list, cs] of lists) {
      h.append(el('h3', { text: list }));
      for (const c of cs) {
        const row = el('div', { class: 'hist' },
          field(c.display, el('select', { name: `history:${list}:${c.concept}` },
            el('option', { value: '', text: 'not known' }), el('option', { value: 'no', text: 'no' }),
            el('option', { value: 'yes', text: 'yes' }))),
          field('since', el('input', { type: 'date', name: `history:${list}:${c.concept}:date` })));
        h.append(row);
      }
    }
    form.append(h);
  }

  // A lab's unit is kept only with its value: with no value typed, the unit is the one the new trial writes.
  for (const [k, v] of keep.entries()) {
    const c = form.elements.namedItem(k);
    const lab = /^lab:([^:]+):unit$/.exec(k);
    if (lab && (keep.get(`lab:${lab[1]}:value`) || '') === '') continue;
    if (c && v !== '') c.value = v;
  }
  for (const l of inp.labs) showConverted(l.analyte);
}

// A number as the page shows a converted value: three significant digits, no exponent for everyday sizes.
function fmtNumber(x) {
  if (!Number.isFinite(x)) return '';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(3)));
}

// Beside a lab's value, as it is typed: the value in the unit the trial writes, and in the unit Eligo compares in,
// each by the engine's factor for the chosen unit (GET /api/inputs); never a conversion of the page's own.
function showConverted(analyte) {
  const out = document.getElementById(`lab-${analyte}-read`);
  const l = state.inputs && state.inputs.labs.find((x) => x.analyte === analyte);
  if (!out || !l) return;
  const f = $('form').elements;
  const raw = f.namedItem(`lab:${analyte}:value`).value.trim();
  const code = f.namedItem(`lab:${analyte}:unit`).value;
  const u = l.units.find((x) => x.code === code);
  const value = Number(raw);
  if (raw === '' || !u || !Number.isFinite(value)) { out.textContent = ''; out.className = 'converted'; return; }
  const trialUnit = l.units.find((x) => x.code === l.unit) || { display: l.unit };
  const parts = [];
  const seen = new Set([u.display]);
  const molar = (k) => (u[`${k}_molar_mass`] ? ` (through its molar mass, ${u[`${k}_molar_mass`]} g/mol)` : '');
  const whose = l.unit_from === 'criteria' ? ($('trial').value ? 'the trial\'s unit' : 'the unit the trials write')
    : l.unit_from === 'usual' ? 'the unit the trials usually write' : 'the catalogue\'s unit';
  if (!seen.has(trialUnit.display)) {
    seen.add(trialUnit.display);
    parts.push(u.to_unit === undefined ? `cannot be converted to ${trialUnit.display}, ${whose}`
      : `= ${fmtNumber(value * u.to_unit)} ${trialUnit.display}, ${whose}${molar('to_unit')}`);
  }
  if (!seen.has(l.canonical.display) && u.to_canonical !== undefined) {
    parts.push(`= ${fmtNumber(value * u.to_canonical)} ${l.canonical.display}${molar('to_canonical')}`);
  }
  out.textContent = parts.length ? `${fmtNumber(value)} ${u.display} ${parts.join('; ')}` : `read as ${fmtNumber(value)} ${u.display}`;
  out.className = u.to_unit === undefined ? 'converted error' : 'converted';
}

// The date that stands for "the screening date" when none is chosen: today, on this computer's calendar.
function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// The native patient document the form describes (docs/patient-format.md).
function patientFromForm() {
  const f = new FormData($('form'));
  const get = (k) => (f.get(k) || '').toString().trim();
  // A date left empty is the screening date: the one chosen, else today, which the document then states as its
  // screening date so that the server screens on the same day.
  const date = $('date').value || localToday();
  const p = { format: 'eligo-patient/1', id: get('id') || 'FORM-1' };
  if (get('sex')) p.sex = get('sex');
  if (get('birth_date')) p.birth_date = get('birth_date');
  p.screening_date = date;
  const inp = state.inputs || { labs: [], scores: [], findings: [], history: {} };
  p.labs = [];
  for (const l of inp.labs) {
    const v = get(`lab:${l.analyte}:value`);
    if (v === '') continue;
    const lab = { analyte: l.analyte, value: Number(v), unit: get(`lab:${l.analyte}:unit`), date: get(`lab:${l.analyte}:date`) || date };
    const uln = get(`lab:${l.analyte}:uln`);
    if (uln !== '') lab.reference_range = { high: Number(uln) };
    p.labs.push(lab);
  }
  p.scores = {};
  for (const s of inp.scores) {
    const v = get(`score:${s.score}`);
    if (v === '') continue;
    const value = /^-?\d+$/.test(v) ? Number(v) : v;
    // A criterion's assessment window ("ECOG 0-1 within 7 days of first dose") needs the date: "Assessed on", else the screening date.
    p.scores[s.score] = { value, date: get('score_date') || date };
  }
  p.findings = {};
  for (const c of inp.findings) {
    const v = get(`finding:${c.concept}`);
    if (v !== '') p.findings[c.concept] = v === 'true';
  }
  for (const [list, cs] of Object.entries(inp.history)) {
    const answered = cs.filter((c) => get(`history:${list}:${c.concept}`) !== '');
    if (!answered.length) continue;  // the list stays unknown
    p[list] = [];
    for (const c of cs) {
      if (get(`history:${list}:${c.concept}`) !== 'yes') continue;
      const rec = { concept: c.concept };
      const since = get(`history:${list}:${c.concept}:date`);
      if (since) rec[list === 'medications' ? 'start' : list === 'procedures' ? 'date' : 'onset'] = since;
      if (list === 'procedures') rec.status = 'completed';
      p[list].push(rec);
    }
  }
  return p;
}

// The candidate as the API receives it: the pasted text as it is, or the form's document.
function currentPatient() {
  if (state.source === 'form') return JSON.stringify(patientFromForm());
  return $('patient-text').value;
}

// ---- results -----------------------------------------------------------------

const VERDICT = {
  eligible: { mark: '✓', word: 'ELIGIBLE' },
  pending_questions: { mark: '?', word: 'PENDING QUESTIONS' },
  indeterminate: { mark: '?', word: 'INDETERMINATE' },
  ineligible: { mark: '✗', word: 'INELIGIBLE' },
  not_screenable: { mark: '⊘', word: 'NOT SCREENABLE' },
};
// What settles an open criterion (docs/cli.md, "Kinds of criteria").
const KIND = { data: 'data', question: 'question', enrolment: 'at enrolment' };
const RESULT = { met: 'met', not_met: 'not met', unknown: 'unknown' };

// Whether a criterion's result counts for (satisfied), against (failing) or neither (open).
function standing(c) {
  if (c.result === 'unknown') return 'open';
  const failing = c.section === 'inclusion' ? c.result === 'not_met' : c.result === 'met';
  return failing ? 'failing' : 'satisfied';
}

const GROUP = { all: 'all of:', any: 'any of:' };
// "not met" says opposite things on an inclusion (against the patient) and an exclusion (for): an exclusion's badge says
// which, so that the words alone read right on paper in grey scale. (Not "does not apply": on a case report form that is
// "not applicable", as pregnancy for a man.)
const EXCLUSION_SAYS = { met: ': excludes', not_met: ': does not exclude' };

// The why of a result (a criterion's, or an evaluated criterion's). A combination with a
// combination among its parts shows as a tree, each part with its result, so the grouping
// reads as it does in the text report (docs/cli.md); otherwise the one line of its why.
function whyBlock(r, tag) {
  const label = el('span', { class: 'label', text: 'why: ' });
  const nested = (r.parts || []).some((p) => p.parts);
  // A why that says only "manual review" (on paper, where the parser's reason is left out) prints without its label.
  if (!nested) return el(tag, { class: onlyManual(r.why) ? 'why manual-only' : 'why' }, label, ...whyText(r.why));
  const parts = (ps) => el('ul', { class: 'parts' }, ps.map((p) => el('li', {},
    el('span', { class: `part-result result-${p.result}`, text: RESULT[p.result] || p.result }),
    ...(p.parts ? [GROUP[p.group]] : whyText(p.why)),
    p.parts ? parts(p.parts) : null)));
  return el(tag, { class: 'why' }, label, GROUP[r.group], parts(r.parts));
}

// Phrases that many whys end with (the parser's expectation, what a manual line asks for): on paper each is printed
// once per trial as a footnote under its mark (print.css), not on every line.
const WHY_PHRASES = [
  ['†', "expected a comparison (≥, <, at least …), a known analyte, score or concept name, 'and' or 'or'"],
  ['‡', "expected a comparison (≥, <, at least …), a threshold, 'and' or 'or'"],
  ['§', 'Eligo has no reading for it here, so the line is for manual review (or give the reading in an as: line)'],
  ['¶', 'Eligo does not skip it; write it as its own criterion or mark the line manual'],
];

// A why's text, with each of those phrases marked so that print can write it as its footnote mark.
// A manual line that Eligo could not parse: its why is 'manual review' and which words the parser stopped at; that part is
// its own, which paper leaves out (print.css). Any other reason a line is manual (a reversed comparison, an exception
// not read) is kept whole.
const CANNOT_READ = 'manual review: cannot read the criterion from ';
// A why that, on paper, says no more than "manual review" (the parser's reason is left out).
function onlyManual(why) { return why === 'manual review' || String(why).startsWith(CANNOT_READ); }
const AUTHOR_HINT = /((?: —|:|,) state the intended reading with `as:`)/;
const QUOTED_REASON = /^(manual review: (?:the exception |the note in brackets )?')([\s\S]*?)(' (?:is not read|is required|adds a condition)[\s\S]*)$/;
function whyText(text) {
  if (String(text).startsWith(CANNOT_READ)) {
    return ['manual review', el('span', { class: 'why-detail' }, ': ', ...whyText(String(text).slice('manual review: '.length)))];
  }
  // A manual line's reason quotes its words ("the exception 'Unless practicing …' is not read"); the wording is printed
  // beside it, so paper may quote its first words only.
  // A comparison's quote is kept whole (its words are what is probably reversed); an exception's or a note's is cut to
  // its first ten words where it runs past fourteen.
  const quoted = String(text).match(QUOTED_REASON);
  const words = quoted ? quoted[2].split(' ') : [];
  if (quoted && !quoted[3].startsWith("' is required") && words.length > 14) {
    return [quoted[1], words.slice(0, 10).join(' '), el('span', { class: 'quote-rest', text: ` ${words.slice(10).join(' ')}` }),
      el('span', { class: 'print-ellipsis', text: ' …' }), ...whyText(quoted[3])];
  }
  // What a trial file's author would do about a probably reversed comparison is for the screen, not for paper.
  let nodes = String(text).split(AUTHOR_HINT).map((p, i) => (i % 2 ? el('span', { class: 'author-hint', text: p }) : p));
  for (const [mark, phrase] of WHY_PHRASES) {
    nodes = nodes.flatMap((n) => (typeof n !== 'string' ? [n] : n.split(phrase).flatMap((p, i) => (i
      ? [el('span', { class: 'why-phrase', text: phrase }), el('span', { class: 'why-mark', text: mark }), p] : [p]))));
  }
  return nodes.filter((n) => n !== '');
}

// The footnotes of a trial's whys: each phrase that one of them holds, under its mark; not the parser's reason of a
// manual line (paper leaves that reason out).
function whyFootnotes(criteria) {
  const whys = [];
  const walk = (c) => {
    // The whys paper prints: a criterion's own, unless its nested bullets print it, or it is the parser's reason.
    const own = c.why && (!(c.children && c.children.length) || c.manual) && !whyRepeatsChildren(c);
    if (own && !(c.manual && String(c.why).startsWith(CANNOT_READ))) whys.push(String(c.why));
    (c.children || []).forEach(walk);
  };
  criteria.forEach(walk);
  const used = WHY_PHRASES.filter(([, phrase]) => whys.some((w) => w.includes(phrase)));
  // Paper is for the coordinator: what a trial file's author would do ("or give the reading in an as: line") is left out.
  const forPaper = (phrase) => phrase.replace(/ \(or give the reading in an as: line\)$/, '')
    .replace(/^Eligo does not skip it; write it as its own criterion or mark the line manual$/, 'Eligo does not read it, so the line is for manual review');
  return used.length ? el('ul', { class: 'why-footnotes' }, used.map(([mark, phrase]) => el('li', { text: `${mark} in a why below: ${forPaper(phrase)}.` }))) : null;
}

// What a satisfied criterion rests on that a clinician should confirm, for paper (its why is on screen and in the export).
function satisfiedCaveat(c) {
  const why = String(c.why || '');
  const says = [];
  if (why.includes('list taken as complete')) says.push('none on record (the record taken as complete): confirm with the patient');
  if (why.includes('catalogue default')) says.push('an assumed upper limit of normal (no reference range on record)');
  return says.length ? `— ${says.join('; ')}` : '';
}

// On paper, which criteria the list leaves out as printed above, by the part that prints them ("Questions to ask: inc
// lines 14, 18; exc line 82").
function pointersNote(criteria, printed) {
  const parts = new Map();
  for (const c of criteria) {
    if (!onlyPointer(c, printed)) continue;
    const part = printed.get(`${c.section}:${c.line}`);
    if (!parts.has(part)) parts.set(part, {});
    (parts.get(part)[c.section] ||= []).push(c.line);
  }
  if (!parts.size) return null;
  const named = [...parts].map(([part, by]) => `${part}: ${Object.entries(by).map(([sec, ls]) => linesOf(sec, ls)).join('; ')}`);
  return el('p', { class: 'pointers-note', text: `Open for manual review, printed above — ${named.join('. ')}.` });
}

// Whether a why only repeats its nested bullets' whys (a manual criterion whose parts are each manual): the nested
// bullets print it, each on its own line.
function whyRepeatsChildren(c) {
  const kids = c.children || [];
  return kids.length > 0 && kids.every((ch) => ch.why && String(c.why).includes(ch.why));
}

// printed: where the criterion's wording is already printed above the list of all criteria ("Questions to ask", "Data
// to collect", "At enrolment"), keyed by section and line; on paper the list names that part instead of repeating it.
function criterionItem(c, top, printed) {
  const st = top ? standing(c) : 'nested';
  const mark = top ? { satisfied: '✓', failing: '✗', open: '?' }[st] : '·';
  const li = el('li', { class: `criterion ${st} result-${c.result}` },
    el('div', { class: 'crit-head' },
      el('span', { class: `badge result-${c.result}`, text: `${mark} ${RESULT[c.result] || c.result}${top ? EXCLUSION_SAYS[c.section === 'exclusion' ? c.result : ''] || '' : ''}` }),
      el('span', { class: 'where', text: `${top ? c.section.slice(0, 3) + ' ' : ''}line ${c.line}` }),
      el('span', { class: `kind kind-${c.kind}`, text: KIND[c.kind] || c.kind, title: c.kind_reason || '' }),
      el('span', { class: 'wording' }, withNctLinks(c.text)),
      printed && printed.has(`${c.section}:${c.line}`) ? el('span', { class: 'printed-above', text: `→ ${printed.get(`${c.section}:${c.line}`)}` }) : null));
  if (printed && printed.has(`${c.section}:${c.line}`)) li.classList.add('wording-above');
  if (top && printed && onlyPointer(c, printed)) li.classList.add('pointer-only');
  // On paper a satisfied criterion is one line without its why; where that rests on what the record does not hold (a
  // list taken as complete) or on an assumed upper limit of normal, the line says so, for a clinician to confirm.
  const caveat = st === 'satisfied' && satisfiedCaveat(c);
  if (caveat) li.querySelector('.crit-head').append(el('span', { class: 'print-caveat', text: caveat }));
  if (c.manual) li.classList.add('manual');
  // On paper a satisfied criterion is one line: its nested bullets are counted there, and listed in the export.
  const kids = (c.children || []).length;
  if (top && kids) li.querySelector('.crit-head').append(el('span', { class: 'nested-count', text: `(+${kids} nested bullet${kids === 1 ? '' : 's'}, in the export)` }));
  if (c.id) li.append(el('div', { class: 'crit-id' }, el('span', { class: 'label', text: 'id: ' }), c.id));
  if (c.as) li.append(el('div', { class: 'as' }, el('span', { class: 'label', text: 'read as: ' }), c.as));
  if (c.combination) li.append(el('div', { class: 'as' }, el('span', { class: 'label', text: 'read as: ' }), c.combination));
  for (const n of c.notes || []) li.append(el('div', { class: 'note' }, el('span', { class: 'label', text: 'note: ' }), n));
  if (c.unread && c.unread.length) {
    li.append(el('div', { class: 'unread', title: 'Eligo could not read these words; the result does not check them' },
      el('span', { class: 'label', text: 'unread (not checked): ' }), c.unread.map((w) => `‘${w}’`).join(', ')));
  }
  // A criterion with nested bullets shows them instead of its own why, as the text report does.
  if (c.why && (!(c.children && c.children.length) || c.manual)) {
    const why = whyBlock(c, 'div');
    if (whyRepeatsChildren(c)) why.classList.add('repeats-children');
    li.append(why);
  }
  // A clinician's answer to the whole criterion ("answered by … on …"): in the why above, else on a line of its own.
  else if (c.answer) li.append(el('div', { class: 'why answer' }, el('span', { class: 'label', text: 'answer: ' }), c.answer));
  if (c.children && c.children.length) li.append(el('ul', { class: 'children' }, c.children.map((ch) => criterionItem(ch, false, printed))));
  if (typeof decorateCriterion === 'function') decorateCriterion(li, c);  // whatif.js: the what-if mark
  return li;
}

// A trial's counts: its top-level criteria by standing, and the open ones by what settles them (the API's lists of
// questions and of criteria at enrolment; the other open ones wait for data).
function tallyOf(t) {
  const n = { satisfied: 0, failing: 0, open: 0 };
  for (const c of t.criteria) n[standing(c)]++;
  n.questions = (t.questions || []).length;
  n.enrolment = (t.at_enrolment || []).length;
  n.data = n.open - n.questions - n.enrolment;
  return n;
}

// "What is missing" without items that differ only in capitals ("ECOG performance status" and "ECOG Performance Status"):
// the first spelling is kept.
function distinctItems(items) {
  const seen = new Set();
  return (items || []).filter((m) => {
    const k = String(m).trim().toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// The criteria whose wording the parts above the list of all criteria print (questions, data to collect, at enrolment):
// section:line → the part's title. Data to collect names a criterion by its wording when Eligo cannot read it.
function printedAbove(t, missing) {
  const printed = new Map();
  const texts = new Set(missing.map(itemKey));
  const walk = (c) => {
    if (standing(c) === 'open' && texts.has(itemKey(c.text))) printed.set(`${c.section}:${c.line}`, 'Data to collect');
    (c.children || []).forEach(walk);
  };
  t.criteria.forEach(walk);
  for (const q of t.questions || []) printed.set(`${q.section}:${q.line}`, 'Questions to ask');
  for (const q of t.at_enrolment || []) printed.set(`${q.section}:${q.line}`, 'At enrolment');
  return printed;
}

function itemKey(text) { return String(text).trim().toLowerCase(); }

// Lines of a section as paper names them: "inc line 12", "exc lines 78, 80".
function linesOf(section, lines) { return `${section.slice(0, 3)} line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}`; }

// The lines that need each item of "Data to collect": a criterion's own wording (a line Eligo cannot read), or an item
// it is missing ("ECOG performance status"): "inc line 12", "inc lines 25, 68"; and the items that are a comparison
// Eligo reads as probably reversed.
function missingLines(t) {
  const lines = new Map();
  const add = (key, section, line) => {
    if (!lines.has(key)) lines.set(key, { section, lines: [] });
    if (!lines.get(key).lines.includes(line)) lines.get(key).lines.push(line);
  };
  // A line whose why says more than "manual review" (a comparison that is probably reversed) says so there too, where a
  // coordinator collects the data.
  const reversed = new Set();
  const walk = (c, top) => {
    if (standing(c) === 'open') {
      add(itemKey(c.text), top.section, c.line);
      if (String(c.why || '').includes('probably a reversed comparison')) reversed.add(itemKey(c.text));
      for (const m of c.missing || []) add(itemKey(String(m).replace(/^manual review: /, '')), top.section, c.line);
    }
    (c.children || []).forEach((ch) => walk(ch, top));
  };
  t.criteria.forEach((c) => walk(c, c));
  return { lines: new Map([...lines].map(([key, { section, lines: ls }]) => [key, linesOf(section, ls)])), reversed };
}

// On paper the list of all criteria leaves out a criterion that is only a pointer to the part above that prints its
// wording: open, with no nested bullets, and a why that says no more than "manual review" (print.css). It says which.
function onlyPointer(c, printed) {
  return printed.has(`${c.section}:${c.line}`) && standing(c) === 'open' && !(c.children && c.children.length)
    && (!c.why || (c.manual && onlyManual(c.why)) || c.why === 'manual review');
}

// A trial's result starts with the answer: the verdict (the card's summary), then why not (the failing criteria, each
// with the values and thresholds of its why), then what would settle the rest: questions to ask, data to collect, at
// enrolment; then every criterion, collapsed.
function trialBlock(t, open) {
  const v = VERDICT[t.verdict] || { mark: '', word: t.verdict };
  const n = tallyOf(t);
  const details = el('details', { class: `trial verdict-${t.verdict}`, id: `trial-${t.trial}`, open: open || undefined },
    el('summary', {},
      el('span', { class: 'verdict', text: `${v.mark} ${v.word}` }),
      t.criteria_partial ? el('span', { class: 'partial', text: 'criteria partial' }) : null,
      // Text only: a link inside a summary is a control inside a control, which a screen reader cannot reach as such.
      el('span', { class: 'trial-id', text: t.trial }),
      el('span', { class: 'trial-title' }, titleNodes(t, false)),
      t.verdict === 'not_screenable' ? null
        : el('span', { class: 'counts', text: `${n.satisfied} satisfied, ${n.failing} failing, ${n.data} data open, ` +
          `${n.questions} question${n.questions === 1 ? '' : 's'}, ${n.enrolment} at enrolment` + (t.near_miss ? ' (near miss)' : '') })));
  // A verdict on part of the criteria says so where the verdict is read.
  if (t.criteria_partial) {
    details.append(el('p', { class: 'partial-note',
      text: 'Criteria partial: the registry states only part of this trial\'s criteria; only those were checked, so the verdict is on them alone.' }));
  }
  // A patient who cannot be screened (deceased): the reason instead of criteria.
  if (t.verdict === 'not_screenable') details.append(el('p', { class: 'not-screenable-note', text: `Not screenable: ${t.reason}.` }));
  const section = (cls, title, hint, body) => el('section', { class: `answer-part ${cls}` }, el('h4', { text: title }),
    hint ? el('p', { class: 'hint', text: hint }) : null, body);
  const failing = t.criteria.filter((c) => standing(c) === 'failing');
  if (failing.length) {
    details.append(section('why-not', 'Why not', failing.length === 1 ? 'This criterion rules the patient out:'
      : `These ${failing.length} criteria rule the patient out:`, el('ul', { class: 'why-not-list' }, failing.map((c) => criterionItem(c, true)))));
  }
  if (t.near_miss) {
    details.append(section('near-miss', 'Near miss', 'Ineligible only by lab values within 10% of their thresholds:',
      el('ul', {}, (t.near_miss_gaps || []).map((g) => el('li', { text: g })))));
  }
  const listed = (items) => el('ul', {}, items.map((q) => el('li', {}, `${q.section.slice(0, 3)} line ${q.line}: `, withNctLinks(q.text))));
  if (t.questions && t.questions.length) details.append(section('questions', 'Questions to ask', 'A clinician answers each once:', listed(t.questions)));
  const missing = distinctItems(t.missing);
  if (missing.length) {
    const { lines, reversed } = missingLines(t);
    details.append(section('missing', 'Data to collect', 'Data that would settle the open criteria:',
      el('ul', {}, missing.map((m) => el('li', {}, lines.has(itemKey(m)) ? `${lines.get(itemKey(m))}: ` : '', m,
        reversed.has(itemKey(m)) ? el('em', { class: 'reversed-mark', text: ' (Eligo: probably a reversed comparison; see its why below)' }) : null)))));
  }
  if (t.at_enrolment && t.at_enrolment.length) {
    details.append(section('enrolment', 'At enrolment', 'Checked when the patient is enrolled, not at screening:', listed(t.at_enrolment)));
  }
  // A trial without criteria: its registry record on a line of its own.
  if (!t.criteria.length && NCT_ID.test(t.trial)) details.append(el('p', { class: 'trial-registry' }, 'Registry record: ', nctLink(t.trial)));
  if (t.criteria.length) {
    const printed = printedAbove(t, missing);
    details.append(el('details', { class: 'all-criteria' },
      el('summary', { text: `All ${t.criteria.length} criteria, each with its result and why` }),
      // The registry record the criteria's wording comes from (not in the card's summary: see above).
      NCT_ID.test(t.trial) ? el('p', { class: 'trial-registry' }, 'As the registry words them: ', nctLink(t.trial)) : null,
      // On paper the failing criteria are printed once, under "Why not" (print.css); the list says where they are.
      failing.length ? el('p', { class: 'failing-ref', text: `${failing.length === 1 ? 'The failing criterion' : `The ${failing.length} failing criteria`} (${
        failing.map((c) => `${c.section.slice(0, 3)} line ${c.line}`).join(', ')}): under “Why not”, with ${failing.length === 1 ? 'its' : 'their'} why.` }) : null,
      whyFootnotes(t.criteria),
      pointersNote(t.criteria, printed),
      el('ul', { class: 'criteria' }, t.criteria.map((c) => criterionItem(c, true, printed)))));
  }
  return details;
}

// ---- the all-trials table ------------------------------------------------------

// Verdicts in the order eligo screen ranks them; a near miss before the other ineligible trials.
const VERDICT_ORDER = { eligible: 0, pending_questions: 1, indeterminate: 2, near_miss: 3, ineligible: 4, not_screenable: 5 };
const COLUMNS = [
  { key: 'trial', label: 'Trial' },
  { key: 'title', label: 'Title' },
  { key: 'verdict', label: 'Verdict' },
  { key: 'failing', label: 'Failing' },
  { key: 'open', label: 'Open: questions, data, at enrolment' },
];

// One row of the table per trial, in the API's rank.
function rowOf(t, rank) {
  const n = tallyOf(t);
  const screened = t.verdict !== 'not_screenable';
  return {
    t, rank, n, screened,
    trial: t.trial,
    title: t.title && t.title !== t.trial ? t.title : '',
    verdict: t.near_miss ? 'near_miss' : t.verdict,
    failing: screened ? n.failing : -1,
    open: screened ? n.open : -1,
  };
}

function compareRows(a, b) {
  const { key, dir } = state.sort;
  if (!key) return a.rank - b.rank;
  let d;
  if (key === 'verdict') d = VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict];
  else if (key === 'failing' || key === 'open') d = a[key] - b[key];
  else if (key === 'title' && (!a.title || !b.title)) return (!a.title) - (!b.title) || a.rank - b.rank;  // no title last, either way
  else d = a[key].localeCompare(b[key], undefined, { numeric: true, sensitivity: 'base' });
  return dir * d || a.rank - b.rank;
}

function shownRows() {
  const want = $('filter-verdict').value;
  const q = $('search').value.trim().toLowerCase();
  return state.rows
    .filter((r) => !want || r.verdict === want || (want === 'ineligible' && r.verdict === 'near_miss'))
    .filter((r) => !q || r.trial.toLowerCase().includes(q) || r.title.toLowerCase().includes(q))
    .sort(compareRows);
}

function renderTableHead() {
  $('trial-table-head').replaceChildren(...COLUMNS.map((c) => {
    const sorted = state.sort.key === c.key;
    return el('th', { scope: 'col', class: `col-${c.key}`, 'aria-sort': sorted ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
      el('button', { type: 'button', class: 'sort', 'data-key': c.key },
        c.label, el('span', { class: 'sort-mark', 'aria-hidden': 'true', text: sorted ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : ' ↕' })));
  }));
}

function tableRow(r) {
  const t = r.t, v = VERDICT[t.verdict] || { mark: '', word: t.verdict };
  const gaps = (t.near_miss_gaps || []).join('; ');
  const split = r.screened
    ? el('span', { class: 'split', text: ` (${r.n.questions} question${r.n.questions === 1 ? '' : 's'}, ${r.n.data} data, ${r.n.enrolment} at enrolment)` })
    : null;
  return el('tr', { class: `verdict-${t.verdict}${t.near_miss ? ' near-miss-row' : ''}`, 'data-trial': t.trial },
    el('td', { class: 'col-trial' }, trialId(t.trial)),
    el('td', { class: 'col-title' },
      el('button', { type: 'button', class: 'open-detail', 'data-trial': t.trial, title: 'Open this trial\'s detail below' }, titleNodes(t, false))),
    el('td', { class: 'col-verdict' },
      el('span', { class: 'verdict', text: `${v.mark} ${v.word}` }),
      t.near_miss ? el('span', { class: 'near-miss-mark', title: gaps ? `Near miss: ${gaps}` : 'Near miss', text: 'near miss' }) : null,
      t.criteria_partial ? el('span', { class: 'partial', text: 'criteria partial' }) : null),
    el('td', { class: 'col-failing num', text: r.screened ? String(r.n.failing) : '–' }),
    el('td', { class: 'col-open num' }, r.screened ? String(r.n.open) : '–', split));
}

// The table as sorted, filtered and searched; the trials' details below follow its order and filter.
function renderTable() {
  renderTableHead();
  const rows = shownRows();
  const body = $('trial-table').tBodies[0];
  body.replaceChildren(...(rows.length ? rows.map(tableRow)
    : [el('tr', { class: 'no-match' }, el('td', { colspan: String(COLUMNS.length), text: 'No trial matches this verdict and search.' }))]));
  $('table-count').textContent = rows.length === state.rows.length ? `${rows.length} trials` : `${rows.length} of ${state.rows.length} trials shown`;
  const shown = new Set(rows.map((r) => r.trial));
  for (const r of rows) $('trials').append($(`trial-${r.trial}`));
  for (const d of $('trials').querySelectorAll('details.trial')) d.hidden = !shown.has(d.id.slice('trial-'.length));
}

function sortBy(key) {
  state.sort = state.sort.key === key ? { key, dir: -state.sort.dir } : { key, dir: 1 };
  renderTable();
}

// A row opens its trial's detail: the card below, opened and brought into view.
function openDetail(id) {
  const d = $(`trial-${id}`);
  if (!d) return;
  d.hidden = false;
  d.open = true;
  d.scrollIntoView({ block: 'start' });
  d.querySelector('summary').focus();
}

// ---- results ---------------------------------------------------------------------

// The patient header: who was screened, on which day. From the profile (eligo profile's JSON) when there is one, else
// the id the check answered with.
function patientHeader(data, profile) {
  const head = $('results-meta');
  const p = profile || { patient: data.patient };
  const item = (cls, label, value) => el('div', { class: `ph-${cls}` }, el('dt', { text: label }), el('dd', { text: value }));
  const items = [];
  if (p.name) items.push(item('id', 'Patient id', p.patient));
  if (profile) {
    items.push(item('sex', 'Sex', p.sex || 'not recorded'));
    items.push(item('birth', 'Birth date', p.birth_date || 'not recorded'));
    if (p.age) {
      const years = p.age.low === p.age.high ? `${p.age.low}` : `${p.age.low}–${p.age.high}`;
      items.push(item('age', 'Age', `${years} years${p.age_at_death ? ' at death' : ''}`));
    }
    else if (p.birth_date) items.push(item('age', 'Age', 'not known'));
  }
  items.push(item('date', 'Screening date', data.date));
  const deceased = profile && p.deceased
    ? el('p', { class: 'ph-deceased', text: p.deceased === 'yes' ? 'Deceased (the date is not recorded)' : `Deceased on ${p.deceased}` }) : null;
  head.replaceChildren(...[
    el('h3', { class: 'ph-name' }, p.name || `Patient ${p.patient}`),
    deceased,
    el('dl', { class: 'ph-fields' }, items),
    profile && profile.age_note ? el('p', { class: 'hint', text: profile.age_note }) : null].filter(Boolean));
}

// The engine's warning that elements were skipped names only the first and sends to eligo profile: the page lists them
// all instead (recordWarning).
const SKIPPED_WARNING = /^\d+ elements? of the record (was|were) skipped as unusable/;

// A record loaded with parts Eligo could not use: a warning that lists each, what it held and why.
function recordWarning(profile) {
  const skipped = (profile && profile.skipped) || [];
  if (!skipped.length) { $('record-warning').replaceChildren(); return; }
  const n = skipped.length;
  $('record-warning').replaceChildren(el('div', { class: 'warning record-warning', role: 'status' },
    el('p', { class: 'warning-head',
      text: `Loaded with ${n} part${n === 1 ? '' : 's'} of the record Eligo could not use. Each is left out: a criterion whose latest value is one of them is unknown, never decided on an older value:` }),
    el('ul', { class: 'skipped-list', tabindex: '0', 'aria-label': 'The parts of the record Eligo could not use' }, skipped.map((k) => el('li', {},
      el('strong', { text: k.what || 'an element' }), k.date ? ` (${k.date})` : '', `: ${k.reason}`,
      el('span', { class: 'where', text: ` — in the record at ${k.where}` })))),
    el('p', { class: 'hint', text: 'The profile tab shows everything Eligo read, skipped or left unused.' })));
}

function selectResultTab(which) {
  $('tab-verdict').setAttribute('aria-selected', which === 'verdict');
  $('tab-profile').setAttribute('aria-selected', which === 'profile');
  $('pane-verdict').hidden = which !== 'verdict';
  $('pane-profile').hidden = which !== 'profile';
}

function showResults(data, single, prof) {
  const trials = single ? [data] : data.trials;
  state.shown = true;
  $('results').hidden = false;
  $('results').classList.remove('failed');
  clearStale();
  clearFieldError();
  const profile = prof && prof.ok ? prof.data.profile : null;
  patientHeader(data, profile);
  recordWarning(profile);
  const warnings = (data.warnings || []).filter((w) => !(profile && profile.skipped && SKIPPED_WARNING.test(w)));
  $('warnings').replaceChildren(...warnings.map((w) => el('p', { class: 'warning', text: `Warning: ${w}` })));
  $('result-tabs').hidden = false;
  $('profile-text').textContent = profile ? prof.data.text : `The profile could not be read: ${(prof && prof.data.error) || 'no answer'}`;
  const tally = { eligible: 0, pending_questions: 0, indeterminate: 0, ineligible: 0, not_screenable: 0 };
  for (const t of trials) tally[t.verdict] = (tally[t.verdict] || 0) + 1;
  const nearMisses = trials.filter((t) => t.near_miss).length;
  const partial = trials.filter((t) => t.criteria_partial).length;
  $('summary').replaceChildren(single ? '' : el('p', { class: 'tally',
    text: `${trials.length} trials: ${tally.eligible} eligible, ${tally.pending_questions} pending questions, ${tally.indeterminate} indeterminate, ` +
      `${tally.ineligible} ineligible` + (nearMisses ? ` (${nearMisses} near miss${nearMisses === 1 ? '' : 'es'})` : '') +
      (tally.not_screenable ? `, ${tally.not_screenable} not screenable` : '') +
      (partial ? ` (${partial} of them on partial registry criteria).` : '.') }));
  $('trials').replaceChildren(...trials.map((t) => trialBlock(t, single || trials.length <= 4)));
  $('table-view').hidden = single;
  state.rows = single ? [] : trials.map(rowOf);
  if (!single) {
    const filter = $('filter-verdict'), keep = filter.value;
    const count = (k) => state.rows.filter((r) => r.verdict === k || (k === 'ineligible' && r.verdict === 'near_miss')).length;
    filter.replaceChildren(el('option', { value: '', text: `every verdict (${trials.length})` }),
      ...Object.keys(VERDICT_ORDER).map((k) => el('option', { value: k,
        text: k === 'near_miss' ? `near misses (${count(k)})` : `${VERDICT[k].word.toLowerCase()} (${count(k)})` })));
    filter.value = keep;
    renderTable();
  }
}

// ---- errors, in plain words, pointing at the field ------------------------------------

// The parts of a JSON path ("labs[0].unit" -> ["labs", 0, "unit"]); null for a place that is not one (a FHIR entry).
function pathParts(path) {
  if (!/^[A-Za-z_][\w]*(\[\d+\]|\.[\w]+)*$/.test(path || '')) return null;
  return path.match(/[A-Za-z_]\w*|\d+/g).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
}

// The form's control a path of the document it built names: labs[2].unit is the unit of the third lab given.
function formControl(doc, parts) {
  const [head, i, key] = parts;
  const byName = (n) => $('form').elements.namedItem(n);
  if ((head === 'labs' || head === 'measurements') && doc[head] && doc[head][i]) {
    const a = doc[head][i].analyte;
    if (key === 'date') return byName(`lab:${a}:date`);
    return byName(`lab:${a}:${key === 'unit' ? 'unit' : key === 'reference_range' ? 'uln' : 'value'}`);
  }
  if (head === 'scores') return byName(`score:${i}`);
  if (head === 'findings') return byName(`finding:${i}`);
  if (['conditions', 'medications', 'procedures', 'allergies'].includes(head) && doc[head] && doc[head][i]) {
    return byName(`history:${head}:${doc[head][i].concept}${['onset', 'start', 'date'].includes(key) ? ':date' : ''}`);
  }
  return byName(head);
}

// The element of the pasted record an error names, each key on a line and the one at fault marked.
function excerpt(doc, parts, path) {
  let parent = doc;
  for (const p of parts.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object' || !(p in parent)) return null;
    parent = parent[p];
  }
  const last = parts[parts.length - 1];
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent) || !(last in parent)) return null;
  const where = parts.slice(0, -1).map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || 'the document';
  const lines = Object.entries(parent).map(([k, v]) => {
    const text = `  "${k}": ${JSON.stringify(v)}`;
    return k === last ? el('mark', { class: 'bad-field', text }) : document.createTextNode(text);
  });
  // A region of its own, reachable by keyboard: a long line scrolls sideways.
  const pre = el('pre', { class: 'excerpt', role: 'region', tabindex: '0', 'aria-label': `${where} in the pasted record, ${path} marked` }, '{\n');
  lines.forEach((l, n) => pre.append(l, n + 1 < lines.length ? ',\n' : '\n'));
  pre.append('}');
  return el('div', { class: 'excerpt-box' }, el('p', { class: 'hint' }, 'In the pasted record, ', el('code', { text: where }), ':'), pre);
}

function clearFieldError() {
  for (const c of document.querySelectorAll('[aria-invalid="true"]')) {
    c.removeAttribute('aria-invalid');
    c.classList.remove('invalid');
    if (c.dataset.describedby) c.setAttribute('aria-describedby', c.dataset.describedby);
    else c.removeAttribute('aria-describedby');
  }
  for (const m of document.querySelectorAll('.field-error')) m.remove();
}

// A check that failed replaces the result: nothing of the previous patient stays under the error. The message is the
// engine's plain words when it has them; the field at fault is marked where the candidate was given (the form's
// control, or the element of the pasted record), and the engine's own message stays one click away.
function showError(message, failure) {
  document.dispatchEvent(new CustomEvent('eligo:error'));
  state.shown = false;
  state.rows = [];
  $('results').hidden = false;
  $('results').classList.add('failed');
  clearStale();
  clearFieldError();
  $('results-meta').replaceChildren();
  $('record-warning').replaceChildren();
  $('warnings').replaceChildren();
  $('result-tabs').hidden = true;
  $('profile-text').textContent = '';
  selectResultTab('verdict');
  const f = failure || {};
  const field = f.where && f.where.field;
  const parts = pathParts(field);
  const shown = [el('p', { class: 'error check-error', role: 'alert', id: 'check-error', text: `Could not check: ${f.plain || message}` })];
  let doc = null;
  try { doc = f.body ? JSON.parse(f.body) : null; } catch (_) { doc = null; }
  if (parts && doc && state.source === 'form') {
    const control = formControl(doc, parts);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.classList.add('invalid');
      control.setAttribute('aria-describedby', 'field-error');
      (control.closest('label') || control).after(el('span', { class: 'field-error', id: 'field-error', text: f.plain || message }));
      shown.push(el('p', {}, el('button', { type: 'button', class: 'goto-field', text: 'Go to the field' })));
      shown[shown.length - 1].querySelector('button').addEventListener('click', () => control.focus());
    }
  }
  else if (parts && doc) {
    const box = excerpt(doc, parts, field);
    if (box) shown.push(box);
    $('patient-text').setAttribute('aria-invalid', 'true');
    $('patient-text').setAttribute('aria-describedby', 'check-error');
  }
  if (f.plain) shown.push(el('details', { class: 'technical' }, el('summary', { text: 'The engine\'s message' }), el('code', { text: message })));
  shown.push(el('p', { class: 'hint', text: 'No result is shown: correct the candidate or the trial, then check again.' }));
  $('summary').replaceChildren(...shown);
  $('table-view').hidden = true;
  $('trial-table').tBodies[0].replaceChildren();
  $('trials').replaceChildren();
}

// ---- out of date ------------------------------------------------------------------

// Any change of the input after a result marks the result out of date, and says what changed, until the next check.
function inputChanged(what, affectsEval) {
  state.version++;
  if (state.shown) {
    $('results').classList.add('stale');
    $('stale-note').hidden = false;
    $('stale-text').textContent = `Out of date — check again: ${what} changed after this result.`;
  }
  const out = $('eval-out');
  if (affectsEval && out.childElementCount && !out.classList.contains('stale')) {
    out.classList.add('stale');
    out.prepend(el('p', { class: 'stale-note', text: `Out of date — test again: ${what} changed after this test.` }));
  }
}

function clearStale() {
  $('results').classList.remove('stale');
  $('stale-note').hidden = true;
  $('stale-text').textContent = '';
}

async function run() {
  const ticket = ++state.runs, version = state.version;
  status('Checking…');
  const trial = $('trial').value;
  const date = $('date').value;
  const body = currentPatient();
  if (!body.trim()) {
    status('');
    showError('no candidate: paste a patient file, upload one, or fill the form.');
    return;
  }
  const q = date ? `?date=${date}` : '';
  // With values changed or answers given in the page, the what-if request (whatif.js); the profile is the record's.
  const whatIfReq = typeof whatIfRequest === 'function' ? whatIfRequest(trial, body) : null;
  // The verdict and the profile of the same candidate, asked together.
  const [r, prof] = await Promise.all([
    whatIfReq ? api('POST', whatIfReq.path + q, whatIfReq.body)
      : api('POST', (trial ? `/api/check/${encodeURIComponent(trial)}` : '/api/screen') + q, body),
    api('POST', '/api/profile' + q, body),
  ]);
  if (ticket !== state.runs) return;  // a later check was started meanwhile: its answer is the one to show
  status('');
  if (!r.ok) {
    showError(r.data.error || `HTTP ${r.status}`, { plain: r.data.plain, where: r.data.where, body });
    return;
  }
  state.lastPatient = body;
  showResults(r.data, !!trial, prof);
  // The printout and the export (printout.js, export.js) follow the result shown.
  document.dispatchEvent(new CustomEvent('eligo:result',
    { detail: { data: r.data, single: !!trial, profile: prof.ok ? prof.data.profile : null, patient: body } }));
  if (typeof afterResults === 'function') afterResults(r.data, !!trial, prof);  // answers.js, whatif.js
  // The input changed while the check ran: the answer is for what was sent, no longer for what is on screen.
  if (version !== state.version) inputChanged('the input');
}

// ---- test a criterion -----------------------------------------------------------

async function evalCriterion() {
  const out = $('eval-out');
  out.classList.remove('stale');
  const text = $('criterion').value;
  if (!text.trim()) { out.replaceChildren(el('p', { class: 'error', text: 'Type a criterion first, e.g. PLT ≥ 75×10^9/L.' })); return; }
  let patient;
  try {
    patient = JSON.parse(currentPatient() || 'null');
  } catch (e) {
    out.replaceChildren(el('p', { class: 'error', text: `The patient is not valid JSON: ${e.message}` }));
    return;
  }
  if (patient === null) { out.replaceChildren(el('p', { class: 'error', text: 'Give the candidate first (paste, upload or form).' })); return; }
  const q = $('date').value ? `?date=${$('date').value}` : '';
  const r = await api('POST', '/api/eval' + q, { criterion: text, patient });
  if (!r.ok) {
    const w = r.data.where || {};
    const parts = [el('p', { class: 'error', text: w.part === 'criterion' ? `Does not compile (column ${w.column}): ${r.data.error}` : r.data.error })];
    if (w.caret) parts.push(el('pre', { class: 'caret', tabindex: '0', text: w.caret }));
    out.replaceChildren(...parts);
    return;
  }
  const d = r.data;
  out.replaceChildren(...[
    el('p', {}, el('span', { class: `badge result-${d.result}`, text: RESULT[d.result] || d.result })),
    whyBlock(d, 'div'),
    d.missing.length ? el('p', { class: 'missing-inline', text: `missing: ${d.missing.join('; ')}` }) : null,
    (d.warnings || []).length ? el('p', { class: 'warning', text: `warning: ${d.warnings.join('; ')}` }) : null,
  ].filter(Boolean));
}

// ---- wiring ---------------------------------------------------------------------------

// Beside the trial picker: the chosen trial's registry record.
function showTrialLink() {
  const id = $('trial').value;
  $('trial-link').replaceChildren(...(NCT_ID.test(id) ? [el('span', { class: 'hint', text: 'registry record: ' }), nctLink(id)] : []));
}

function selectTab(which) {
  if (state.source !== which) inputChanged(which === 'form' ? 'the candidate (now the form)' : 'the candidate (now the pasted file)', true);
  state.source = which;
  $('tab-file').setAttribute('aria-selected', which === 'file');
  $('tab-form').setAttribute('aria-selected', which === 'form');
  $('pane-file').hidden = which !== 'file';
  $('pane-form').hidden = which !== 'form';
  if (which === 'form' && !state.inputs) loadForm();
}

document.addEventListener('DOMContentLoaded', async () => {
  $('tab-file').addEventListener('click', () => selectTab('file'));
  $('tab-form').addEventListener('click', () => selectTab('form'));
  $('trial').addEventListener('change', () => {
    inputChanged('the trial', false);
    showTrialLink();
    if (state.source === 'form' || state.inputs) loadForm();
  });
  $('date').addEventListener('input', () => inputChanged('the screening date', true));
  $('patient-text').addEventListener('input', () => inputChanged('the patient', true));
  $('form').addEventListener('input', (ev) => {
    const lab = /^lab:([^:]+):(value|unit)$/.exec(ev.target.name || '');
    if (lab) showConverted(lab[1]);
    inputChanged('the form', true);
  });
  $('form').addEventListener('change', (ev) => {
    const lab = /^lab:([^:]+):(value|unit)$/.exec(ev.target.name || '');
    if (lab) showConverted(lab[1]);
    inputChanged('the form', true);
  });
  $('patient-file').addEventListener('change', async (ev) => {
    const f = ev.target.files[0];
    if (f) $('patient-text').value = await f.text();
    inputChanged('the patient (a file was uploaded)', true);
  });
  $('run').addEventListener('click', run);
  $('recheck').addEventListener('click', run);
  $('tab-verdict').addEventListener('click', () => selectResultTab('verdict'));
  $('tab-profile').addEventListener('click', () => selectResultTab('profile'));
  $('filter-verdict').addEventListener('change', renderTable);
  $('search').addEventListener('input', renderTable);
  $('trial-table').addEventListener('click', (ev) => {
    const sort = ev.target.closest('button.sort');
    if (sort) { sortBy(sort.dataset.key); return; }
    if (ev.target.closest('a')) return;  // a registry link opens the registry, not the detail
    const row = ev.target.closest('tr[data-trial]');
    if (row) openDetail(row.dataset.trial);
  });
  $('eval').addEventListener('click', evalCriterion);
  $('criterion').addEventListener('keydown', (ev) => { if (ev.key === 'Enter') evalCriterion(); });
  $('print').addEventListener('click', () => window.print());
  // A printout shows every trial's criteria, not only the open ones.
  window.addEventListener('beforeprint', () => document.querySelectorAll('details.trial, details.all-criteria').forEach((d) => { d.open = true; }));
  await loadTrials();
  document.body.dataset.ready = 'true';
});
