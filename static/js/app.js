// Entry point: reads the state the server rendered the page with, and
// wires the modules (editor, requests, results, trace, settings, share)
// to one store. Each module only talks to the store and ctx, so another
// mode (exercises) can reuse them.

import { $, inTextField } from './dom.js';
import { announce } from './announce.js';
import { createStore } from './state.js';
import { initEditor } from './editor.js';
import { initResults } from './results.js';
import { initTrace } from './trace.js';
import { initRequests } from './requests.js';
import { initSettings } from './settings.js';
import { initShare } from './share.js';

const readJSON = (id) => JSON.parse(document.getElementById(id).textContent);

const initial = readJSON('initial-state');
const catalog = readJSON('catalog-data');
initial.settings ??= {};
initial.requests ??= [];
initial.middleware ??= [];

const store = createStore(initial);
const ctx = {
  store,
  catalog,
  announce,
  ui: { open: -1, hideQuiet: false },
  lastOutcomes: null,
  changeStart: null,
  /** Note when a user's change began, for the "updated in N ms" figure. */
  markChange() {
    ctx.changeStart = performance.now();
  },
};

const results = initResults(ctx);
const editor = initEditor(ctx);
results.onRun((data) => editor.setAnnotations(data.findings, data.marks, data.fix));
initTrace(ctx, results);
initRequests(ctx);
initSettings(ctx);
initShare(ctx);

// Undo and redo, by button and by the usual shortcuts (not while typing,
// where the browser's own text undo applies).
const undoBtn = $('#undo');
const redoBtn = $('#redo');
function syncHistory() {
  undoBtn.disabled = !store.canUndo();
  redoBtn.disabled = !store.canRedo();
}
store.subscribe(syncHistory);
undoBtn.addEventListener('click', () => { ctx.markChange(); if (store.undo()) announce('Undone.'); });
redoBtn.addEventListener('click', () => { ctx.markChange(); if (store.redo()) announce('Redone.'); });
document.addEventListener('keydown', (e) => {
  if (!(e.ctrlKey || e.metaKey) || inTextField(e)) return;
  const k = e.key.toLowerCase();
  if (k === 'z' && !e.shiftKey) {
    e.preventDefault();
    ctx.markChange();
    if (store.undo()) announce('Undone.');
  } else if ((k === 'z' && e.shiftKey) || k === 'y') {
    e.preventDefault();
    ctx.markChange();
    if (store.redo()) announce('Redone.');
  }
});
$('#reset').addEventListener('click', () => {
  ctx.markChange();
  store.update((s) => Object.assign(s, structuredClone(catalog.fresh)), 'reset');
  announce("Back to Django's default stack and the sample requests.");
});

// The page arrived with results already drawn; one run in the background
// fetches the outcomes that "Expect this" copies. Ready for people and
// tests once it is back.
results.run().finally(() => {
  document.body.dataset.ready = 'true';
});
