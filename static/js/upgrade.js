// Versions beyond the picker: the palette refuses a middleware the chosen
// Django version does not have (the catalog's "since"), and the upgrade
// dialog shows what the current stack and requests do on another
// version, as the server's comparison of the two runs draws it.

import { $, $$, showFragment } from './dom.js';

// older says Django version a comes before b ("3.2" < "5.1").
function older(a, b) {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am < bm || (am === bm && an < bn);
}

export function initUpgrade(ctx) {
  const { store, catalog, announce } = ctx;
  const since = new Map(catalog.middleware.map((m) => [m.path, m]));

  // Runs before the editor's palette sync, which leaves the buttons
  // marked here alone (data-needs).
  function syncPalette(state) {
    for (const btn of $$('.pal-add')) {
      const m = since.get(btn.dataset.path);
      const needs = m && m.since && older(state.django, m.since) ? m.since : '';
      // Only the visible verb changes: the class name beside it (for
      // screen readers) stays, so the button's name is what it shows.
      const verb = btn.querySelector('.pal-verb');
      if (needs) {
        btn.dataset.needs = needs;
        btn.disabled = true;
        verb.textContent = `needs Django ${needs}`;
      } else if (btn.dataset.needs) {
        delete btn.dataset.needs;
        btn.disabled = false;
        verb.textContent = 'Add';
      }
    }
  }
  store.subscribe(syncPalette);
  syncPalette(store.get());

  const dialog = $('#upgrade-dialog');
  const to = $('#upgrade-to');
  const body = $('#upgrade-body');
  let pending = null;

  function show() {
    const state = store.get();
    pending?.abort();
    pending = new AbortController();
    showFragment(body, '/ui/upgrade', () => ({ scenario: state, to: to.value }), pending.signal, '.upgrade-tally', announce);
  }

  $('#upgrade-open').addEventListener('click', () => {
    const current = store.get().django;
    $('#upgrade-from').textContent = current;
    // The newest version other than the current one.
    const others = [...to.options].filter((o) => o.value !== current);
    for (const o of to.options) o.disabled = o.value === current;
    to.value = others.reduce((a, o) => (older(a.value, o.value) ? o : a)).value;
    body.textContent = '';
    dialog.showModal();
    show();
  });
  to.addEventListener('change', show);
  $('#upgrade-close').addEventListener('click', () => dialog.close());
}
