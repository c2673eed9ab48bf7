// Entry point: reads the state the server rendered the page with, and
// wires the modules (editor, requests, results, trace, settings, share)
// to one store. Each module only talks to the store and ctx, so another
// mode (exercises) can reuse them.

import { $, afterFirstPaint } from './dom.js';
import { initHistory } from './history.js';
import { announce } from './announce.js';
import { createStore } from './state.js';
import { createContext } from './context.js';
import { initEditor } from './editor.js';
import { initResults } from './results.js';
import { initTrace } from './trace.js';
import { initRequests } from './requests.js';
import { initSettings } from './settings.js';
import { initShare } from './share.js';
import { initVersion } from './version.js';
import { initIntro } from './intro.js';
import { initTestExport } from './testexport.js';
import { initUpgrade } from './upgrade.js';
import { initCompare } from './compare.js';

const readJSON = (id) => JSON.parse(document.getElementById(id).textContent);

// The server drew the whole page, results included; the editor wakes up
// once that is on screen, so the first paint waits for no script.
await afterFirstPaint();

const initial = readJSON('initial-state');
const catalog = readJSON('catalog-data');
initial.settings ??= {};
initial.requests ??= [];
initial.middleware ??= [];

const store = createStore(initial);
const ctx = createContext(store, catalog);

const results = initResults(ctx);
initUpgrade(ctx);
const editor = initEditor(ctx);
results.onRun((data) => editor.setAnnotations(data.findings, data.marks, data.fix));
initTrace(ctx, results);
initRequests(ctx);
initSettings(ctx);
initCompare(ctx, initShare(ctx));
initVersion(ctx, results);
initIntro(ctx);
initTestExport(ctx);

initHistory(store, ctx);
$('#reset').addEventListener('click', () => {
  ctx.markChange();
  // Reset is about the stack, not the version the learner picked.
  store.update((s) => Object.assign(s, structuredClone(catalog.fresh), { django: s.django }), 'reset');
  announce("Back to Django's default stack and the sample requests.");
});

// One run in the background fetches the outcomes that "Expect this"
// copies. Ready for people and tests once it is back.
results.run().finally(() => {
  document.body.dataset.ready = 'true';
});
