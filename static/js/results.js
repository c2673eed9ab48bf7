// Results: after every change, the scenario goes to the server, which runs
// the engine. The page sends the keys of the rows it shows and gets back
// only the rows that changed (and the score line), so a drop patches a row
// or two instead of replacing the table. An open trace is fetched on its
// own, after the rows. The latest change wins: an older answer still in
// flight is dropped.

import { $, $$, postJSON, agree } from './dom.js';

const fromHTML = (html) => {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content.firstElementChild;
};

// Exercise mode passes its own endpoints and request body: its answer
// carries the goals' verdict beside the results.
export function initResults(ctx, {
  endpoint = '/ui/run', traceEndpoint = '/ui/trace', body = (state) => ({ scenario: state }),
} = {}) {
  const { store, announce } = ctx;
  const box = $('#results');
  const timing = $('#timing');
  const errorBox = $('#run-error');
  const summary = $('#run-summary');
  let inflight = null;
  let traceInflight = null;
  let seq = 0;
  let lastFailed = null;
  let lastScore = null;
  const listeners = [];

  const table = () => box.querySelector('.results');
  const rows = () => $$('tr.rrow', box);
  const runBody = (state) => JSON.stringify({
    ...body(state), open: ctx.ui.open, have: table() ? rows().map((tr) => tr.dataset.key) : undefined,
  });

  // A drag's outcome can be asked for before the drop: the editor calls
  // this whenever the dragged entry settles in a new slot, and a drop in
  // that slot then uses the answer already on its way.
  let pre = null;
  ctx.prefetch = (middleware) => {
    const sent = runBody({ ...store.get(), middleware });
    if (pre?.body === sent) return;
    pre?.ctrl.abort();
    const ctrl = new AbortController();
    pre = { body: sent, ctrl, answer: postJSON(endpoint, sent, ctrl.signal) };
    pre.answer.catch(() => {}); // an abandoned guess is no error
  };

  async function run({ focusTrace = false } = {}) {
    const mine = ++seq;
    if (inflight) inflight.abort();
    inflight = new AbortController();
    const t0 = ctx.changeStart ?? performance.now();
    const byUser = ctx.changeStart !== null;
    ctx.changeStart = null;
    const sent = runBody(store.get());
    let answer;
    if (pre && pre.body === sent) {
      // The editor asked for this order while it was still being dragged.
      ({ answer, ctrl: inflight } = pre);
    } else {
      pre?.ctrl.abort();
      answer = postJSON(endpoint, sent, inflight.signal);
    }
    // Read by the browser test: did the drop find its answer on the way?
    document.body.dataset.prefetched = String(!!pre && pre.body === sent);
    pre = null;
    let data;
    try {
      data = await answer;
    } catch (err) {
      if (err.name === 'AbortError' || mine !== seq) return;
      errorBox.textContent = `The requests could not run: ${err.message}`;
      errorBox.hidden = false;
      return;
    }
    if (mine !== seq) return;
    const fetched = performance.now() - t0;
    errorBox.hidden = true;
    const focusKey = rememberFocus();
    if (data.results !== undefined) {
      box.innerHTML = data.results;
      lastScore = null;
    } else {
      patch(data);
    }
    restoreFocus(focusKey);
    const ms = performance.now() - t0;
    // Read by the browser tests and shown to the curious.
    document.body.dataset.lastUpdateMs = ms.toFixed(1);
    document.body.dataset.lastFetchMs = fetched.toFixed(1);
    document.body.dataset.runs = String(mine);
    requestAnimationFrame(() => setTimeout(() => {
      document.body.dataset.lastPaintMs = (performance.now() - t0).toFixed(1);
    }));
    timing.textContent = `updated in ${Math.round(ms)} ms`;
    ctx.lastOutcomes = data.outcomes;
    for (const fn of listeners) fn(data);
    const total = data.passed + data.failed;
    const said = data.failed ? `${data.failed} of ${total} requests now ${agree(data.failed, 'fails', 'fail')}.` : 'Every request now behaves as expected.';
    if (lastFailed !== null && data.failed !== lastFailed) announce(said, 'run-status');
    lastFailed = data.failed;
    if (byUser && summary) {
      summary.textContent = data.failed ? `${said} Show the first failure.` : said;
      summary.classList.toggle('all-good', !data.failed);
      summary.hidden = false;
    }
    if (ctx.ui.open >= 0 && data.results === undefined) loadTrace(mine, focusTrace);
    else if (ctx.ui.open < 0) box.querySelector('.trace-row')?.remove();
  }

  // patch brings the table to the server's answer, touching only the
  // rows whose key changed.
  function patch(data) {
    const t = table();
    t.dataset.passed = String(data.passed);
    t.dataset.failed = String(data.failed);
    if (data.score !== lastScore) {
      t.querySelector('.score').replaceWith(fromHTML(data.score));
      lastScore = data.score;
    }
    const tbody = t.querySelector('tbody');
    const shown = rows();
    data.rows.forEach((r, i) => {
      if (!r.html) return;
      const tr = fromHTML(r.html);
      if (shown[i]) shown[i].replaceWith(tr);
      else tbody.append(tr);
    });
    for (const tr of shown.slice(data.rows.length)) tr.remove();
    const trace = box.querySelector('.trace-row');
    if (trace && Number(trace.querySelector('.trace').dataset.index) !== ctx.ui.open) trace.remove();
  }

  // loadTrace fetches the open request's trace and puts it under its row.
  async function loadTrace(mine, focusTrace) {
    if (traceInflight) traceInflight.abort();
    traceInflight = new AbortController();
    const index = ctx.ui.open;
    let data;
    try {
      data = await postJSON(traceEndpoint, { ...body(store.get()), index }, traceInflight.signal);
    } catch (err) {
      if (err.name === 'AbortError' || mine !== seq) return;
      errorBox.textContent = `The trace could not be drawn: ${err.message}`;
      errorBox.hidden = false;
      return;
    }
    if (mine !== seq || index !== ctx.ui.open) return;
    const row = box.querySelector(`tr.rrow[data-index="${index}"]`);
    if (!row) return;
    const tr = fromHTML(data.html);
    box.querySelector('.trace-row')?.remove();
    row.after(tr);
    if (ctx.ui.hideQuiet) tr.querySelector('.steps')?.classList.add('hide-quiet');
    const cb = tr.querySelector('.hide-quiet');
    if (cb) cb.checked = !!ctx.ui.hideQuiet;
    document.body.dataset.traces = String(Number(document.body.dataset.traces || 0) + 1);
    if (focusTrace) {
      tr.querySelector('#trace-h')?.focus({ preventScroll: true });
      row.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }
  }

  // Rows are replaced when they change; keep keyboard focus on the same
  // control of the same row.
  function rememberFocus() {
    const a = document.activeElement;
    if (!a || !box.contains(a) || !a.dataset || !a.dataset.index) return null;
    return { cls: a.className.split(' ')[0], index: a.dataset.index };
  }
  function restoreFocus(key) {
    if (!key || box.contains(document.activeElement)) return;
    box.querySelector(`.${key.cls}[data-index="${key.index}"]`)?.focus();
  }

  box.addEventListener('click', (e) => {
    const open = e.target.closest('.open-trace');
    if (!open) return;
    const i = Number(open.dataset.index);
    ctx.ui.open = ctx.ui.open === i ? -1 : i;
    run({ focusTrace: ctx.ui.open >= 0 });
  });

  // The summary line (shown after a change, sticky on small screens)
  // jumps to the first request that fails.
  summary?.addEventListener('click', () => {
    const first = box.querySelector('tr.rrow.v-fail') || $('#results-h');
    first.scrollIntoView({ block: 'start' });
    (first.querySelector?.('.open-trace') || first).focus({ preventScroll: true });
  });

  store.subscribe((state) => {
    if (ctx.ui.open >= state.requests.length) ctx.ui.open = -1;
    run();
  });

  return {
    run,
    /** fn(data) is called after every successful run. */
    onRun: (fn) => listeners.push(fn),
  };
}
