// "Compare with…": the stack as it is now (A) against another the page
// knows of (B): the previous undo step, the last share, the last pasted
// settings.py or an exercise's starting stack. The server runs both on
// the page's requests and draws the /c page's table; this only asks.

import { $, $$, h, getJSON, showFragment } from './dom.js';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
// A state's stack: what stack B brings of it.
const stackOf = (s) => ({ middleware: s.middleware, settings: s.settings });

export function initCompare(ctx, share) {
  const { store, announce } = ctx;
  const dialog = $('#compare-dialog');
  const body = $('#compare-body');
  const exercise = $('#compare-exercise');
  const permalink = $('#compare-permalink');
  const radios = $$('input[name="compare-source"]', dialog);
  const radio = (value) => radios.find((r) => r.value === value);
  let pending = null;
  let exercises = null;
  // The sources as offered when the dialog last opened.
  let offered = {};

  // The newest share other than the stack as it is now: comparing a
  // share with itself would say nothing.
  function lastShare() {
    const now = store.get();
    return share.shares().findLast((s) => !same(s.state, now)) || null;
  }

  // The sources as they are when the dialog opens, each with the B it
  // stands for (null when it does not apply) and the reason it does not.
  function sources() {
    const previous = store.previous();
    const shared = lastShare();
    const pasted = share.lastPaste();
    return {
      undo: previous
        ? { b: stackOf(previous) }
        : { why: 'Nothing to undo yet: make a change first.' },
      share: shared
        ? { b: stackOf(shared.state), shared }
        : { why: share.shares().length ? 'The only shared state is the stack as it is now.' : 'Nothing shared yet: no share link made here, and the page was not opened from one.' },
      paste: pasted ? { b: pasted } : { why: 'No settings.py pasted yet.' },
    };
  }
  function offer() {
    offered = sources();
    for (const [value, src] of Object.entries(offered)) {
      radio(value).disabled = !src.b;
      $(`#compare-why-${value}`).textContent = src.why || (src.shared ? `(/s/${src.shared.id})` : '');
    }
  }

  async function loadExercises() {
    if (exercises) return;
    const why = $('#compare-why-exercise');
    try {
      exercises = await getJSON('/api/exercises');
      exercise.replaceChildren(...exercises.map((ex) => h('option', { value: ex.id }, ex.title)));
      exercise.disabled = radio('exercise').disabled = !exercises.length;
      why.textContent = exercises.length ? '' : 'This server has no exercises.';
    } catch (err) {
      radio('exercise').disabled = true;
      why.textContent = `The exercises could not be listed: ${err.message}.`;
    }
  }

  async function stackB(value) {
    if (value !== 'exercise') return offered[value];
    const data = await getJSON(`/api/exercises/${encodeURIComponent(exercise.value)}`);
    return { b: { middleware: data.middleware } };
  }

  // permalinkTo is /c/A/B when the stack as it is now is a share too, on
  // the same Django version: the /c page runs each share on its own
  // version, where the dialog runs B on A's.
  function permalinkTo(src) {
    const a = src.shared && share.shares().findLast((s) => same(s.state, store.get()));
    return a && a.state.django === src.shared.state.django ? `/c/${a.id}/${src.shared.id}` : '';
  }

  async function compare(value) {
    pending?.abort();
    pending = new AbortController();
    const { signal } = pending;
    permalink.hidden = true;
    let src = null;
    const payload = async () => {
      src = await stackB(value);
      return { a: store.get(), b: src.b };
    };
    await showFragment(body, '/ui/compare', payload, signal, '.compare-tally', announce);
    if (signal.aborted) return;
    const link = src && $('.compare-tally', body) ? permalinkTo(src) : '';
    $('a', permalink).href = link || '/c';
    permalink.hidden = !link;
  }

  $('#compare-open').addEventListener('click', () => {
    pending?.abort();
    offer();
    for (const r of radios) r.checked = false;
    body.replaceChildren();
    permalink.hidden = true;
    dialog.showModal();
    loadExercises();
  });
  for (const r of radios) r.addEventListener('change', () => compare(r.value));
  exercise.addEventListener('change', () => {
    radio('exercise').checked = true;
    compare('exercise');
  });
  $('#compare-close').addEventListener('click', () => dialog.close());
}
