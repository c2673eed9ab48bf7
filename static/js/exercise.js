// Exercise mode: the playground's editor, results and trace modules on
// one store, plus the exercise's goals, hints, a guarded "show a
// solution", starting over, and sharing a solved answer. The page arrives
// with the results and the goals' verdict for the answer it opens on;
// every change is then one request that answers both.

import { $, $$, h, postJSON, afterFirstPaint } from './dom.js';
import { initHistory } from './history.js';
import { announce } from './announce.js';
import { createStore } from './state.js';
import { createContext } from './context.js';
import { initEditor } from './editor.js';
import { initResults } from './results.js';
import { initTrace } from './trace.js';
import { initSettings } from './settings.js';
import { initTestExport } from './testexport.js';

const readJSON = (id) => JSON.parse(document.getElementById(id).textContent);

// The server drew the page, the editor's list included: the scripts start
// once that is on screen, so the first paint waits for none of them.
await afterFirstPaint();

const initial = readJSON('initial-state');
const catalog = readJSON('catalog-data');
const ex = readJSON('exercise-data');
initial.settings ??= {};
initial.requests ??= [];
initial.middleware ??= [];
// baseRequests is the exercise's requests as the story has them, whatever
// variant a shared answer chose.
function baseRequests() {
  const reqs = structuredClone(initial.requests);
  for (const rq of ex.requests) {
    const i = reqs.findIndex((r) => r.id === rq.id);
    if (i >= 0) reqs[i] = structuredClone(rq.variants[0].request);
  }
  return reqs;
}

const store = createStore(initial);
const ctx = createContext(store, catalog);

const attemptOf = (state) => ({ middleware: state.middleware, settings: state.settings, choices: choices(state) });
const results = initResults(ctx, {
  endpoint: `/ui/exercises/${ex.id}/run`, traceEndpoint: `/ui/exercises/${ex.id}/trace`, body: attemptOf,
});
const editor = initEditor(ctx);
// The order linter's findings would hand over the answer before the
// learner asked for a hint, so exercise mode shows only the trace's marks
// (which layer answered, which is at fault).
// Your answer against the reference: the server compares them (the
// engine alone knows Django) and sends the comparison with every run that
// solves; while a goal fails there is none, so the reference stays behind
// "show a solution".
const versusBox = $('#versus-box');
results.onRun((data) => {
  if (editor.setAnnotations) editor.setAnnotations([], data.marks);
  showCheck(data.check);
  versusBox.innerHTML = data.versus ?? '';
});
initTrace(ctx, results);
initTestExport(ctx);
if ($('#settings-form')) initSettings(ctx);

// --- Variants: a request the learner may swap for an alternative --------
// The chosen variant lives in the state's requests (so undo covers it);
// its label tells which one it is.
function choices(state) {
  const out = {};
  for (const rq of ex.requests) {
    const cur = state.requests.find((r) => r.id === rq.id);
    const v = cur && rq.variants.find((x) => x.label === cur.label);
    if (v && v.id) out[rq.id] = v.id;
  }
  return out;
}
function applyChoice(s, rid, vid) {
  const rq = ex.requests.find((r) => r.id === rid);
  const v = rq && rq.variants.find((x) => x.id === vid);
  const i = s.requests.findIndex((r) => r.id === rid);
  if (v && i >= 0) s.requests[i] = structuredClone(v.request);
}
for (const sel of $$('select.variant')) {
  sel.addEventListener('change', () => {
    ctx.markChange();
    store.update((s) => applyChoice(s, sel.dataset.request, sel.value), 'variant');
    announce(`The client now sends: ${sel.selectedOptions[0].textContent}.`);
  });
}
function syncChoices(state) {
  const c = choices(state);
  for (const sel of $$('select.variant')) sel.value = c[sel.dataset.request] || '';
}

// --- Goals, judged by the server on the same run as the results -------
const goalsBox = $('#goals');
const success = $('#success');
let wasSolved = ex.solved;
let checks = 0;

function showCheck(res) {
  for (const g of res.goals) {
    const li = goalsBox.querySelector(`[data-goal="${CSS.escape(g.id)}"]`);
    if (!li) continue;
    li.classList.remove('pass', 'fail');
    li.classList.add(g.passed ? 'pass' : 'fail');
    li.dataset.passed = String(g.passed);
    li.querySelector('.goal-mark').textContent = g.passed ? '✓' : '✗';
    li.querySelector('.goal-state').textContent = g.passed ? 'met' : 'not met';
    li.querySelector('.goal-reason').textContent = g.reason;
  }
  showSuccess(res);
  if (res.counted) $('#solved-mark')?.removeAttribute('hidden');
  checks++;
  document.body.dataset.checks = String(checks);
  document.body.dataset.solved = String(res.solved);
}

function showSuccess(res) {
  const met = res.goals.filter((g) => g.passed).length;
  if (!res.solved) {
    success.hidden = true;
    if (wasSolved) announce(`${met} of ${res.goals.length} goals met.`, 'run-status');
    wasSolved = false;
    return;
  }
  $('#explanation').textContent = res.explanation || '';
  $('#docs').replaceChildren(...(res.docs || []).map((d) => h('li', {}, h('a', { href: d.url, rel: 'noopener' }, d.title))));
  $('#success-counted').textContent = res.note;
  success.hidden = false;
  $('#share-box').hidden = true;
  if (!wasSolved) {
    announce('Solved! Every goal is met. The explanation follows the goals.');
    if (wasSolved === false) $('#success-h').focus({ preventScroll: true });
    success.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
  wasSolved = true;
}

store.subscribe((state) => syncChoices(state));

// --- Hints, one at a time ----------------------------------------------
const hintBtn = $('#hint');
hintBtn.addEventListener('click', async () => {
  try {
    const res = await postJSON(`/api/exercises/${ex.id}/hint`, {});
    $('#hints').replaceChildren(...res.hints.map((t) => h('li', {}, t)));
    hintBtn.textContent = `Show a hint (${res.hints.length}/${res.total})`;
    hintBtn.disabled = res.hints.length >= res.total;
    announce(`Hint ${res.hints.length}: ${res.hints[res.hints.length - 1]}`);
  } catch (err) {
    $('#solution-note').textContent = `No hint: ${err.message}`;
  }
});

// --- Show a solution, after asking --------------------------------------
const solDialog = $('#solution-dialog');
$('#show-solution').addEventListener('click', () => solDialog.showModal());
$('#solution-cancel').addEventListener('click', () => solDialog.close());
$('#solution-confirm').addEventListener('click', async () => {
  solDialog.close();
  try {
    const sol = await postJSON(`/api/exercises/${ex.id}/solution`, {});
    ctx.markChange();
    store.update((s) => {
      s.middleware = sol.middleware;
      s.settings = sol.settings;
      s.requests = baseRequests();
      for (const [rid, vid] of Object.entries(sol.choices)) applyChoice(s, rid, vid);
    }, 'solution');
    $('#solution-note').textContent = `A reference answer: ${sol.note}`;
    announce('The editor now holds a reference answer.');
  } catch (err) {
    $('#solution-note').textContent = `Could not load a solution: ${err.message}`;
  }
});

// --- Share a solved answer ----------------------------------------------
$('#share-answer').addEventListener('click', async () => {
  const state = store.get();
  const box = $('#share-box');
  const url = $('#share-url');
  try {
    const res = await postJSON(`/api/exercises/${ex.id}/share`,
      { middleware: state.middleware, settings: state.settings, choices: choices(state) });
    url.value = res.url;
    box.hidden = false;
    url.focus();
    url.select();
    announce('Link ready and selected; copy it with Ctrl+C.');
  } catch (err) {
    box.hidden = false;
    url.value = '';
    url.placeholder = err.message;
  }
});

// --- Undo, redo, start over ---------------------------------------------
// Starting over also forgets the stored answers, so the exercise reopens
// on its starting stack; a solve stays counted.
initHistory(store, ctx);
async function startOver() {
  ctx.markChange();
  store.update((s) => {
    s.middleware = structuredClone(ex.start.middleware);
    s.settings = structuredClone(ex.start.settings);
    s.requests = baseRequests();
  }, 'reset');
  announce("Back to the exercise's starting stack.");
  const banner = $('#solved-banner');
  if (banner) {
    $('#solved-banner-text').textContent = 'You solved this exercise before; this is a fresh start.';
    banner.querySelector('.start-over').hidden = true;
  }
  try {
    await postJSON(`/api/exercises/${ex.id}/start-over`, {});
  } catch (err) {
    $('#solution-note').textContent = `Your earlier answer could not be forgotten: ${err.message}`;
  }
}
for (const b of $$('.start-over')) b.addEventListener('click', startOver);

document.body.dataset.ready = 'true';
