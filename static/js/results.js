// Results: after every change, the scenario goes to the server, which runs
// the engine and answers with the results table (and the open trace) as
// HTML. The latest change wins: an older answer still in flight is dropped.

import { $, postJSON } from './dom.js';

// Exercise mode passes its own endpoint and body: its answer carries the
// goals' verdict beside the results.
export function initResults(ctx, { endpoint = '/ui/run', body = (state) => ({ scenario: state }) } = {}) {
  const { store, announce } = ctx;
  const box = $('#results');
  const timing = $('#timing');
  const errorBox = $('#run-error');
  let inflight = null;
  let seq = 0;
  let lastFailed = null;
  const listeners = [];

  async function run({ focusTrace = false } = {}) {
    const mine = ++seq;
    if (inflight) inflight.abort();
    inflight = new AbortController();
    const t0 = ctx.changeStart ?? performance.now();
    ctx.changeStart = null;
    let data;
    try {
      data = await postJSON(endpoint, { ...body(store.get()), open: ctx.ui.open }, inflight.signal);
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
    box.innerHTML = data.results;
    if (ctx.ui.hideQuiet) box.querySelector('.steps')?.classList.add('hide-quiet');
    const cb = box.querySelector('.hide-quiet');
    if (cb) cb.checked = !!ctx.ui.hideQuiet;
    restoreFocus(focusKey);
    const ms = performance.now() - t0;
    // Read by the browser test and shown to the curious.
    document.body.dataset.lastUpdateMs = ms.toFixed(1);
    document.body.dataset.lastFetchMs = fetched.toFixed(1);
    document.body.dataset.runs = String(mine);
    timing.textContent = `updated in ${Math.round(ms)} ms`;
    ctx.lastOutcomes = data.outcomes;
    for (const fn of listeners) fn(data);
    if (lastFailed !== null && data.failed !== lastFailed) {
      announce(data.failed ? `${data.failed} of ${data.passed + data.failed} requests now fail.` : 'Every request now behaves as expected.', 'run-status');
    }
    lastFailed = data.failed;
    if (focusTrace) {
      const hdr = box.querySelector('#trace-h');
      if (hdr) {
        hdr.focus({ preventScroll: true });
        box.querySelector('.trace-row')?.previousElementSibling?.scrollIntoView({ block: 'start', behavior: 'smooth' });
      }
    }
  }

  // The table is replaced on every run; keep keyboard focus on the same
  // control of the same row.
  function rememberFocus() {
    const a = document.activeElement;
    if (!a || !box.contains(a) || !a.dataset || !a.dataset.index) return null;
    return { cls: a.className.split(' ')[0], index: a.dataset.index };
  }
  function restoreFocus(key) {
    if (!key) return;
    box.querySelector(`.${key.cls}[data-index="${key.index}"]`)?.focus();
  }

  box.addEventListener('click', (e) => {
    const open = e.target.closest('.open-trace');
    if (!open) return;
    const i = Number(open.dataset.index);
    ctx.ui.open = ctx.ui.open === i ? -1 : i;
    run({ focusTrace: ctx.ui.open >= 0 });
  });

  store.subscribe((state, reason) => {
    if (ctx.ui.open >= state.requests.length) ctx.ui.open = -1;
    run();
  });

  return {
    run,
    /** fn(data) is called after every successful run. */
    onRun: (fn) => listeners.push(fn),
  };
}
