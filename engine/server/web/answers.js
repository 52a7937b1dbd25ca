// Answers in the page (docs/server.md, "Answers in the page"): a trial's questions (the criteria a clinician answers:
// GET /api/questions/{id}, the Questionnaire of eligo questions) can be answered on its card, yes or no, or the value
// asked, with who answered; the check then runs again with the answers (the native format's "answers",
// docs/patient-format.md). The answers can be downloaded as FHIR R4 QuestionnaireResponse resources of those
// questionnaires (the format a bundle carries them in, docs/fhir.md) and loaded again (POST /api/answers). Loaded after
// app.js and whatif.js.
'use strict';

// list: the answers given or loaded in this page, native format ({criterion, answer, by, date}), one per criterion;
// questionnaires: by trial id, the Questionnaire (or the promise of it); patient: the id of the patient last checked.
const pageAnswers = { list: [], questionnaires: new Map(), patient: null, date: null };

function pageAnswerList() { return pageAnswers.list.slice(); }

function questionnaireOf(trial) {
  if (!pageAnswers.questionnaires.has(trial)) {
    pageAnswers.questionnaires.set(trial, api('GET', `/api/questions/${encodeURIComponent(trial)}`).then((r) => (r.ok ? r.data : null)));
  }
  return pageAnswers.questionnaires.get(trial);
}

// The question items of a Questionnaire, through its groups.
function questionItems(q) {
  const out = [];
  const walk = (items) => {
    for (const it of items || []) {
      if (it.type === 'group') walk(it.item);
      else if (it.type !== 'display') out.push(it);
    }
  };
  walk(q && q.item);
  return out;
}

function localDay() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// The day an answer given now is dated: today, or the screening date when that is earlier (an answer after the
// screening date is not used on it).
function answerDay() {
  const today = localDay();
  return pageAnswers.date && pageAnswers.date < today ? pageAnswers.date : today;
}

function answerText(a) {
  if (a === true) return 'yes';
  if (a === false) return 'no';
  if (a && typeof a === 'object') return `${a.value} ${a.unit}`;
  return String(a);
}

function unitOf(item) {
  const ext = (item.extension || []).find((e) => /questionnaire-unitOption$/.test(e.url));
  return ext ? ext.valueCoding : null;
}

// One question's control: yes / no / not answered, or the value asked for.
function answerControl(item, given) {
  const name = `answer-${item.linkId}`;
  if (item.type === 'boolean') {
    const radio = (value, text) => el('label', { class: 'answer-choice' },
      el('input', { type: 'radio', name, value, checked: (value === 'yes' ? given === true : value === 'no' ? given === false : given === undefined) || undefined }),
      ` ${text}`);
    return el('div', { class: 'answer-choices', role: 'radiogroup', 'aria-label': 'Answer' },
      radio('yes', 'Yes, it holds'), radio('no', 'No'), radio('', 'Not answered'));
  }
  const unit = unitOf(item);
  const type = item.type === 'date' ? 'date' : 'number';
  const value = given === undefined ? '' : (given && typeof given === 'object' ? String(given.value) : String(given));
  const input = el('input', { type, name, value, step: type === 'number' ? (item.type === 'integer' ? '1' : 'any') : undefined, class: 'narrow' });
  return el('label', { class: 'answer-value' }, `${item.type === 'date' ? 'Date' : 'Value'} `, input, unit ? ` ${unit.display || unit.code}` : '');
}

// The answer a control holds, in the native format; undefined when it is not answered; throws on a value that is not one.
function controlAnswer(form, item) {
  const name = `answer-${item.linkId}`;
  if (item.type === 'boolean') {
    const checked = form.querySelector(`input[name="${CSS.escape(name)}"]:checked`);
    if (!checked || checked.value === '') return undefined;
    return checked.value === 'yes';
  }
  const v = form.querySelector(`input[name="${CSS.escape(name)}"]`).value.trim();
  if (v === '') return undefined;
  if (item.type === 'date') return v;
  const n = Number(v);
  if (!Number.isFinite(n) || (item.type === 'integer' && !Number.isInteger(n))) throw new Error(`${item.prefix}: "${v}" is not ${item.type === 'integer' ? 'a whole number' : 'a number'}`);
  const unit = unitOf(item);
  return item.type === 'quantity' && unit ? { value: n, unit: unit.code } : n;
}

// The answer form on a trial's card: each question, who answers, and a button that saves the answers and checks again.
async function renderAnswerForm(card, trial) {
  if (card.querySelector('.answer-form')) return;
  const q = await questionnaireOf(trial);
  const items = questionItems(q);
  if (!items.length || card.querySelector('.answer-form')) return;
  const given = new Map(pageAnswers.list.map((a) => [a.criterion, a]));
  const form = el('form', { class: 'answer-form no-print', 'aria-labelledby': `answers-h-${trial}` });
  const byId = `answers-by-${trial}`;
  const lastBy = pageAnswers.list.length ? pageAnswers.list[pageAnswers.list.length - 1].by : '';
  form.append(el('h4', { id: `answers-h-${trial}`, text: 'Answer the questions' }),
    el('p', { class: 'hint', text: 'Each answer says whether the criterion\'s statement holds for the patient (for an exclusion: whether it applies), '
      + 'or gives the value it asks for. The check runs again with the answers; they can be downloaded as a FHIR QuestionnaireResponse.' }));
  for (const item of items) {
    const a = given.get(item.linkId);
    form.append(el('fieldset', { class: 'answer-item', 'data-criterion': item.linkId },
      el('legend', {}, `${item.prefix}: `, withNctLinks(item.text)),
      answerControl(item, a ? a.answer : undefined),
      a ? el('span', { class: 'answered-by', text: `answered by ${a.by} on ${a.date}` }) : null));
  }
  const by = el('input', { type: 'text', id: byId, name: 'by', value: lastBy, autocomplete: 'name', spellcheck: 'false' });
  const error = el('p', { class: 'error answer-error', role: 'alert' });
  form.append(el('div', { class: 'row' }, el('label', { class: 'field', for: byId }, el('span', { class: 'name', text: 'Answered by' }), by),
    el('button', { type: 'submit', class: 'primary' }, 'Save answers and check again')), error);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const who = by.value.trim();
    let changes;
    try {
      changes = items.map((item) => ({ item, answer: controlAnswer(form, item) }));
    } catch (e) { error.textContent = e.message; return; }
    if (changes.some((c) => c.answer !== undefined) && !who) { error.textContent = 'Say who answered (Answered by).'; by.focus(); return; }
    const day = answerDay();
    for (const { item, answer } of changes) {
      const old = pageAnswers.list.findIndex((a) => a.criterion === item.linkId);
      const same = old >= 0 && JSON.stringify(pageAnswers.list[old].answer) === JSON.stringify(answer);
      if (same) continue;
      if (old >= 0) pageAnswers.list.splice(old, 1);
      if (answer !== undefined) pageAnswers.list.push({ criterion: item.linkId, answer, by: who, date: day });
    }
    run();
  });
  // In the answer's order: after the questions to ask, else where they would stand (before data to collect).
  const questions = card.querySelector(':scope > .answer-part.questions');
  const next = card.querySelector(':scope > .answer-part.missing, :scope > .answer-part.enrolment, :scope > details.all-criteria');
  if (questions) questions.after(form);
  else if (next) next.before(form);
  else card.append(form);
}

// ---- download and load ---------------------------------------------------------------------------

// The answers as FHIR R4 QuestionnaireResponse resources: one per trial, person and day (a response has one author and
// one authored), its items in the groups of the trial's Questionnaire. One response is downloaded as it is; several
// as a Bundle of type collection.
async function answersAsFhir() {
  const groups = new Map();
  for (const a of pageAnswers.list) {
    const trial = a.criterion.replace(/-[0-9a-f]{8}(-\d+)?$/, '');
    const key = `${trial}\u0000${a.by}\u0000${a.date}`;
    if (!groups.has(key)) groups.set(key, { trial, by: a.by, date: a.date, answers: [] });
    groups.get(key).answers.push(a);
  }
  const responses = [];
  let n = 0;
  for (const g of groups.values()) {
    const q = await questionnaireOf(g.trial);
    const types = new Map(questionItems(q).map((it) => [it.linkId, it]));
    const value = (a) => {
      const item = types.get(a.criterion);
      if (typeof a.answer === 'boolean') return { valueBoolean: a.answer };
      if (typeof a.answer === 'number') return item && item.type === 'integer' ? { valueInteger: a.answer } : { valueDecimal: a.answer };
      if (a.answer && typeof a.answer === 'object') {
        return { valueQuantity: { value: a.answer.value, unit: a.answer.unit, system: 'http://unitsofmeasure.org', code: a.answer.unit } };
      }
      return { valueDate: a.answer };
    };
    const sections = [];
    for (const group of (q && q.item) || []) {
      const inGroup = g.answers.filter((a) => (group.item || []).some((it) => it.linkId === a.criterion));
      if (inGroup.length) {
        sections.push({ linkId: group.linkId, text: group.text,
          item: inGroup.map((a) => ({ linkId: a.criterion, text: types.get(a.criterion).text, answer: [value(a)] })) });
      }
    }
    const loose = g.answers.filter((a) => !types.has(a.criterion)).map((a) => ({ linkId: a.criterion, answer: [value(a)] }));
    const r = { resourceType: 'QuestionnaireResponse', id: `eligo-answers-${++n}`,
      questionnaire: q ? `${q.url}|${q.version}` : `urn:eligo:questionnaire:${g.trial}`, status: 'completed' };
    if (pageAnswers.patient) r.subject = { reference: `Patient/${pageAnswers.patient}` };
    Object.assign(r, { authored: g.date, author: { display: g.by }, item: [...sections, ...loose] });
    responses.push(r);
  }
  if (responses.length === 1) return responses[0];
  return { resourceType: 'Bundle', type: 'collection', entry: responses.map((r) => ({ fullUrl: `urn:eligo:answers:${r.id}`, resource: r })) };
}

async function downloadAnswers() {
  if (!pageAnswers.list.length) return;
  const doc = await answersAsFhir();
  const blob = new Blob([JSON.stringify(doc, null, 2) + '\n'], { type: 'application/fhir+json' });
  const a = el('a', { href: URL.createObjectURL(blob), download: `answers-${pageAnswers.patient || 'patient'}.fhir.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

// A file of QuestionnaireResponse resources: read by the engine (POST /api/answers); its answers replace those given
// in the page to the same criteria, and the check runs again.
async function loadAnswers(file) {
  const note = $('answers-note');
  let text;
  try { text = await file.text(); } catch (e) { note.textContent = `The file could not be read: ${e.message}`; note.className = 'error'; return; }
  const r = await api('POST', '/api/answers', text);
  if (!r.ok) {
    note.className = 'error';
    note.textContent = `The answers could not be loaded: ${r.data.error || `HTTP ${r.status}`}`;
    return;
  }
  const loaded = r.data.answers;
  const named = new Set(loaded.map((a) => a.criterion));
  pageAnswers.list = pageAnswers.list.filter((a) => !named.has(a.criterion)).concat(loaded);
  note.className = '';
  note.textContent = `Loaded ${loaded.length} answer${loaded.length === 1 ? '' : 's'} from ${file.name}.`;
  run();
}

// The answers bar of the results: how many answers the page holds, download, load, clear.
function answersBar() {
  let bar = $('answers-bar');
  if (!bar) {
    const file = el('input', { type: 'file', id: 'answers-file', accept: '.json,application/json,application/fhir+json' });
    file.addEventListener('change', () => { if (file.files[0]) loadAnswers(file.files[0]); file.value = ''; });
    const download = el('button', { type: 'button', id: 'answers-download' }, 'Download answers (FHIR QuestionnaireResponse)');
    download.addEventListener('click', downloadAnswers);
    const clear = el('button', { type: 'button', id: 'answers-clear' }, 'Clear answers');
    clear.addEventListener('click', () => { pageAnswers.list = []; $('answers-note').textContent = ''; run(); });
    bar = el('section', { id: 'answers-bar', class: 'answers-bar no-print', 'aria-label': 'Answers given in this page' },
      el('span', { id: 'answers-count' }), download,
      el('label', { class: 'file' }, 'Load answers (QuestionnaireResponse file) ', file), clear,
      el('span', { id: 'answers-note', role: 'status' }));
    $('record-warning').before(bar);
  }
  const n = pageAnswers.list.length;
  $('answers-count').textContent = n ? `${n} answer${n === 1 ? '' : 's'} given in this page.` : 'No answers given in this page.';
  $('answers-download').disabled = !n;
  $('answers-clear').disabled = !n;
  return bar;
}

function renderAnswers(data, single) {
  pageAnswers.patient = data.patient || null;
  pageAnswers.date = data.date || null;
  answersBar();
  const trials = single ? [data] : (data.trials || []);
  for (const t of trials) {
    const card = $(`trial-${t.trial}`);
    if (!card || t.verdict === 'not_screenable') continue;
    if (card.open) renderAnswerForm(card, t.trial);
    else card.addEventListener('toggle', () => { if (card.open) renderAnswerForm(card, t.trial); }, { once: true });
  }
}

// Called by run() after a result is shown.
function afterResults(data, single, prof) {
  renderAnswers(data, single);
  renderWhatIf(data, single, prof && prof.ok ? prof.data.profile : null);
}
