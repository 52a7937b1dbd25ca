// What-if (docs/server.md, "What-if"): after a check, the values Eligo read from the record (or the form) are listed,
// each editable in place; a change checks again with the changed value applied by the engine on top of the record as
// read (POST /api/what-if/...), and the result marks what changed: at the top, on each trial, and beside each criterion
// whose result or why the change moved. "Reset to record" drops every change. Loaded after app.js, whose helpers
// ($, el, api, run, RESULT, VERDICT) it uses; app.js calls whatIfRequest (run), afterResults (run) and
// decorateCriterion (criterionItem).
'use strict';

// changes: by key ("lab:platelets"), the change as the API takes it, with the row's words for the page;
// names: display names of scores and findings (GET /api/inputs); record: the profile the rows were made from.
const whatIf = { changes: new Map(), names: null, record: null };

function whatIfBody(change) { return change.body; }

// The request run() sends: the what-if envelope when a value is changed or an answer given in the page, else null
// (the plain /api/check or /api/screen). A body that is not JSON is sent as it is, so its error is the usual one.
function whatIfRequest(trial, body) {
  const answers = typeof pageAnswerList === 'function' ? pageAnswerList() : [];
  if (!whatIf.changes.size && !answers.length) return null;
  let patient;
  try { patient = JSON.parse(body); } catch (_) { return null; }
  return {
    path: trial ? `/api/what-if/check/${encodeURIComponent(trial)}` : '/api/what-if/screen',
    body: JSON.stringify({ patient, changes: [...whatIf.changes.values()].map(whatIfBody), answers }),
  };
}

// A criterion whose result or why the changes moved: marked beside it, with the record's result.
function decorateCriterion(li, c) {
  if (c.id) li.dataset.criterion = c.id;
  if (!c.what_if) return;
  li.classList.add('what-if-changed');
  const was = RESULT[c.what_if.record_result] || c.what_if.record_result || 'not evaluated';
  const mark = el('span', { class: 'what-if-mark', title: c.what_if.record_why ? `For the record: ${c.what_if.record_why}` : '' },
    `what-if: changed (the record: ${was})`);
  const head = li.querySelector('.crit-head');
  (head || li).append(mark);
}

// Changes are the record's: another candidate drops them.
function candidateChanged() {
  if (!whatIf.changes.size) return;
  whatIf.changes.clear();
}

async function whatIfNames() {
  if (whatIf.names) return whatIf.names;
  const r = await api('GET', '/api/inputs');
  // history: per list ("medications"), the concepts the trials' criteria read, offered to add; concepts: their names.
  const names = { scores: new Map(), findings: new Map(), history: new Map(), concepts: new Map() };
  if (r.ok) {
    for (const s of r.data.scores || []) names.scores.set(s.score, s);
    for (const f of r.data.findings || []) names.findings.set(f.concept, f.display);
    for (const [list, cs] of Object.entries(r.data.history || {})) {
      names.history.set(list, cs);
      for (const c of cs) names.concepts.set(c.concept, c.display);
    }
  }
  whatIf.names = names;
  return names;
}

// The values the screening uses, one row each: per analyte, score and finding the newest on or before the screening date.
function whatIfRows(profile) {
  const date = profile.date;
  const newest = (items, key) => {
    const by = new Map();
    for (const x of items || []) {
      if (x.date && x.date > date) continue;
      const k = x[key];
      if (!by.has(k) || (x.date && (!by.get(k).date || x.date > by.get(k).date))) by.set(k, x);
    }
    return [...by.values()];
  };
  return { labs: newest(profile.labs, 'analyte'), scores: newest(profile.scores, 'score'), findings: newest(profile.findings, 'concept') };
}

function whatIfSet(key, change) {
  if (change) whatIf.changes.set(key, change);
  else whatIf.changes.delete(key);
  run();
}

// One editable row: its label, the record's value, the control; `changed` says whether a change is held for it.
function whatIfRow(key, label, recordText, control, extra) {
  const held = whatIf.changes.get(key);
  const row = el('div', { class: `what-if-row${held ? ' changed' : ''}`, 'data-key': key },
    el('label', { class: 'field' }, el('span', { class: 'name', text: label }), control), extra || null,
    el('span', { class: 'what-if-record', text: `record: ${recordText}` }),
    held ? el('span', { class: 'what-if-mark', text: 'changed' }) : null);
  return row;
}

async function renderWhatIfEditor(profile) {
  const box = whatIfBox();
  if (!profile) { box.editor.replaceChildren(); return; }
  whatIf.record = profile;
  const names = await whatIfNames();
  const rows = whatIfRows(profile);
  const list = el('div', { class: 'what-if-rows' });
  const dateOf = (d) => (d ? ` (${d})` : '');

  for (const l of rows.labs) {
    const key = `lab:${l.analyte}`;
    const held = whatIf.changes.get(key);
    const value = el('input', { type: 'number', step: 'any', inputmode: 'decimal', class: 'what-if-value', id: `what-if-${l.analyte}`,
      value: String(held ? held.body.value : l.value) });
    const unitCode = held ? held.body.unit : l.unit;
    const unit = el('input', { type: 'text', class: 'what-if-unit narrow', value: unitCode || '', 'aria-label': `${l.display} unit (UCUM)`,
      spellcheck: 'false' });
    const apply = () => {
      const v = value.value.trim();
      if (v === '' || (Number(v) === l.value && unit.value.trim() === (l.unit || ''))) { whatIfSet(key, null); return; }
      whatIfSet(key, { body: { lab: l.analyte, value: Number(v), unit: unit.value.trim() } });
    };
    value.addEventListener('change', apply);
    unit.addEventListener('change', apply);
    list.append(whatIfRow(key, `${l.display}${dateOf(l.date)}`, `${l.comparator || ''}${l.value} ${l.unit || ''}`.trim(), value, unit));
  }
  for (const s of rows.scores) {
    const key = `score:${s.score}`;
    const held = whatIf.changes.get(key);
    const info = names.scores.get(s.score);
    const current = String(held ? held.body.value : s.label);
    let control;
    // The choice that names a label: its value, or one of the names in its text ("3 (III)", "M2 / II").
    const spellings = (o) => [o.value, ...o.text.split(/ \/ |, |\(|\)| /)].map((x) => x.trim().toUpperCase()).filter(Boolean);
    const choiceOf = (label) => (info && info.labels || []).find((o) => spellings(o).includes(String(label).toUpperCase()));
    if (info && info.labels && info.labels.length) {
      const chosen = choiceOf(current);
      control = el('select', { class: 'what-if-value', id: `what-if-${s.score}` },
        chosen ? null : el('option', { value: current, text: current, selected: true }),
        info.labels.map((o) => el('option', { value: o.value, text: o.text, selected: o === chosen || undefined })));
    }
    else control = el('input', { type: 'text', class: 'what-if-value narrow', id: `what-if-${s.score}`, value: current });
    const recorded = choiceOf(s.label);
    control.addEventListener('change', () => {
      const v = control.value.trim();
      const same = v.toUpperCase() === String(s.label).toUpperCase() || (recorded && recorded === choiceOf(v));
      if (v === '' || same) { whatIfSet(key, null); return; }
      whatIfSet(key, { body: { score: s.score, value: /^-?\d+$/.test(v) ? Number(v) : v } });
    });
    list.append(whatIfRow(key, `${info ? info.display : s.score}${dateOf(s.date)}`, s.label, control));
  }
  for (const f of rows.findings) {
    const key = `finding:${f.concept}`;
    const held = whatIf.changes.get(key);
    const present = held ? held.body.present : f.present;
    const control = el('select', { class: 'what-if-value', id: `what-if-${f.concept}` },
      el('option', { value: 'true', text: 'present', selected: present || undefined }),
      el('option', { value: 'false', text: 'absent', selected: !present || undefined }));
    control.addEventListener('change', () => {
      const v = control.value === 'true';
      whatIfSet(key, v === f.present ? null : { body: { finding: f.concept, present: v } });
    });
    list.append(whatIfRow(key, `${names.findings.get(f.concept) || f.concept}${dateOf(f.date)}`, f.present ? 'present' : 'absent', control));
  }
  {
    const key = 'sex';
    const held = whatIf.changes.get(key);
    const current = held ? held.body.sex : (profile.sex || 'unknown');
    const control = el('select', { class: 'what-if-value', id: 'what-if-sex' },
      ['female', 'male', 'unknown'].map((s) => el('option', { value: s, text: s === 'unknown' ? 'not known' : s, selected: s === current || undefined })));
    control.addEventListener('change', () => whatIfSet(key, control.value === (profile.sex || 'unknown') ? null : { body: { sex: control.value } }));
    list.append(whatIfRow(key, 'Sex', profile.sex || 'not recorded', control));
  }
  {
    const key = 'birth_date';
    const held = whatIf.changes.get(key);
    const control = el('input', { type: 'text', class: 'what-if-value narrow', id: 'what-if-birth-date', placeholder: 'YYYY-MM-DD',
      value: held ? held.body.birth_date : (profile.birth_date || ''), spellcheck: 'false' });
    control.addEventListener('change', () => {
      const v = control.value.trim();
      whatIfSet(key, v === '' || v === (profile.birth_date || '') ? null : { body: { birth_date: v } });
    });
    list.append(whatIfRow(key, 'Birth date', profile.birth_date || 'not recorded', control));
  }
  historyRows(profile, names, list);
  box.editor.replaceChildren(
    el('p', { class: 'hint', text: 'The values this check used, as Eligo read them. Change one (Enter, or leave the field) to check again with it; '
      + 'the record itself is not changed. A lab value is in the unit beside it (UCUM), and keeps its date. A history item can be '
      + 'removed, given another start or end date (an empty end date is "ongoing"), or added below.' }),
    list);
}

const HISTORY_LISTS = ['conditions', 'medications', 'procedures', 'allergies'];

// The history lists, one row per record (its start date editable, or removed), the items added in the page, and a
// way to add one: a concept the trials' criteria read, with its start date. The engine applies them
// ({"history": concept, "list": …, "remove" | "date" | "add"}).
function historyRows(profile, names, list) {
  const nameOf = (concept, text) => names.concepts.get(concept) || text || concept;
  for (const listName of HISTORY_LISTS) {
    const records = profile[listName] || [];
    for (const r of records) {
      const start = r.start || '';
      const key = `history:${listName}:${r.concept}:${start}`;
      const held = whatIf.changes.get(key);
      // Several records of the concept on the list: the change names this one by its start date.
      const several = records.filter((x) => x.concept === r.concept).length > 1;
      const base = { history: r.concept, list: listName, ...(several && start ? { from: start } : {}) };
      const slug = `${listName}-${r.concept}-${start}`.replace(/[^A-Za-z0-9_-]/g, '_');
      const end = r.end || '';
      const removed = held && held.body.remove ? true : undefined;
      const date = el('input', { type: 'text', class: 'what-if-value narrow', id: `what-if-history-${slug}`, placeholder: 'YYYY-MM-DD',
        spellcheck: 'false', value: held && held.body.date ? held.body.date : start, disabled: removed });
      // The end date: empty is "ongoing" (no end).
      const heldEnd = held && held.body.end ? (held.body.end === 'ongoing' ? '' : held.body.end) : end;
      const until = el('input', { type: 'text', class: 'what-if-value narrow what-if-end', id: `what-if-history-end-${slug}`,
        placeholder: 'ongoing', spellcheck: 'false', value: heldEnd, disabled: removed });
      const remove = el('input', { type: 'checkbox', class: 'what-if-remove', id: `what-if-remove-${slug}`,
        'aria-label': `remove ${nameOf(r.concept, r.text)} (${listName}, ${start || 'no start date'})`, checked: removed });
      const apply = () => {
        if (remove.checked) { whatIfSet(key, { body: { ...base, remove: true } }); return; }
        const v = date.value.trim();
        const e = until.value.trim();
        const body = { ...base };
        if (v !== '' && v !== start) body.date = v;
        if (e !== end) body.end = e === '' ? 'ongoing' : e;
        whatIfSet(key, body.date || body.end ? { body } : null);
      };
      date.addEventListener('change', apply);
      until.addEventListener('change', apply);
      remove.addEventListener('change', apply);
      const status = r.status && r.status !== 'active' ? `, ${r.status}` : '';
      list.append(whatIfRow(key, `${nameOf(r.concept, r.text)} (${listName}), start date`, `${start || 'no start date'} to ${end || 'ongoing'}${status}`, date,
        el('span', { class: 'what-if-extra' },
          el('label', { class: 'field' }, el('span', { class: 'name', text: 'end date' }), until),
          el('label', { class: 'what-if-remove-label' }, remove, ' remove'))));
    }
  }
  // Items added in the page: their date editable, or dropped again.
  for (const [key, change] of whatIf.changes) {
    if (!key.startsWith('history-add:')) continue;
    const b = change.body;
    const slug = `${b.list}-${b.history}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const date = el('input', { type: 'text', class: 'what-if-value narrow', id: `what-if-added-${slug}`, placeholder: 'YYYY-MM-DD', value: b.date,
      spellcheck: 'false' });
    date.addEventListener('change', () => {
      const v = date.value.trim();
      whatIfSet(key, v === '' ? null : { body: { ...b, date: v } });
    });
    const drop = el('button', { type: 'button', class: 'what-if-drop' }, 'Do not add');
    drop.addEventListener('click', () => whatIfSet(key, null));
    list.append(whatIfRow(key, `${nameOf(b.history)} (${b.list}), added, start date`, 'not recorded', date, drop));
  }
  const lists = HISTORY_LISTS.filter((l) => (names.history.get(l) || []).length);
  if (!lists.length) return;
  const concept = el('select', { id: 'what-if-add-concept', class: 'what-if-value' },
    lists.map((l) => el('optgroup', { label: l },
      names.history.get(l).map((c) => el('option', { value: `${l}|${c.concept}`, text: c.display })))));
  const date = el('input', { type: 'text', class: 'what-if-value narrow', id: 'what-if-add-date', placeholder: 'YYYY-MM-DD', spellcheck: 'false',
    value: profile.date || '' });
  const add = el('button', { type: 'button', id: 'what-if-add' }, 'Add to history');
  add.addEventListener('click', () => {
    const [l, c] = concept.value.split('|');
    const v = date.value.trim();
    if (!c || !v) return;
    whatIfSet(`history-add:${l}:${c}`, { body: { history: c, list: l, add: true, date: v } });
  });
  list.append(el('div', { class: 'what-if-add' },
    el('label', { class: 'field' }, el('span', { class: 'name', text: 'Add a history item' }), concept),
    el('label', { class: 'field' }, el('span', { class: 'name', text: 'start date' }), date), add));
}

// The what-if part of the results, made once: the banner (printed) and the editor (not printed).
function whatIfBox() {
  let box = $('what-if');
  if (!box) {
    box = el('section', { id: 'what-if', class: 'what-if', 'aria-labelledby': 'what-if-h' },
      el('div', { id: 'what-if-banner', role: 'status' }),
      el('details', { id: 'what-if-details', class: 'what-if-editor no-print' },
        el('summary', {}, el('h3', { id: 'what-if-h', text: 'What if: change a value and check again' })),
        el('div', { id: 'what-if-editor' })));
    $('record-warning').before(box);
  }
  return { box, banner: $('what-if-banner'), editor: $('what-if-editor') };
}

// After a result: the banner of what is changed, the marks on each trial, the editor of values.
function renderWhatIf(data, single, profile) {
  const box = whatIfBox();
  const changes = (data.what_if && data.what_if.changes) || [];
  if (!changes.length) box.banner.replaceChildren();
  else {
    const reset = el('button', { type: 'button', id: 'what-if-reset', class: 'no-print' }, 'Reset to record');
    reset.addEventListener('click', () => { whatIf.changes.clear(); run(); });
    box.banner.replaceChildren(el('div', { class: 'what-if-banner' },
      el('p', { class: 'what-if-head', text: 'What-if: this result is for changed values, not for the record as it is.' }),
      el('ul', {}, changes.map((c) => el('li', { class: 'what-if-change' }, `what-if: ${c.item} ${c.from} → ${c.to} (changed)`))),
      reset));
  }
  const trials = single ? [data] : (data.trials || []);
  for (const t of trials) {
    const card = $(`trial-${t.trial}`);
    if (!card || !t.what_if || !changes.length) continue;
    const v = VERDICT[t.what_if.record_verdict] || { mark: '', word: t.what_if.record_verdict };
    const moved = t.what_if.record_verdict !== t.verdict;
    card.querySelector('summary').after(el('p', { class: `what-if-trial${moved ? ' moved' : ''}` },
      `what-if: ${changes.map((c) => `${c.item} ${c.from} → ${c.to}`).join('; ')} (changed). For the record as it is: ${v.mark} ${v.word}.`));
  }
  renderWhatIfEditor(profile);
}

// The candidate changed (another file, the form, another tab): the changes were of the other record.
document.addEventListener('DOMContentLoaded', () => {
  for (const [id, ev] of [['patient-text', 'input'], ['patient-file', 'change'], ['form', 'input'], ['tab-file', 'click'], ['tab-form', 'click']]) {
    const e = $(id);
    if (e) e.addEventListener(ev, candidateChanged);
  }
});
