// The settings panel: each input writes its setting into the scenario
// only while it differs from the engine's default, so shared links stay
// small and readable.

import { $, $$ } from './dom.js';
import { py } from './python.js';

export function initSettings(ctx) {
  const { store, catalog, announce } = ctx;
  const form = $('#settings-form');
  const info = new Map(catalog.settings.map((s) => [s.name, s]));

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  function valueOf(el, type) {
    switch (type) {
      case 'bool': return el.checked;
      case 'int': {
        const n = Number(el.value);
        return el.value.trim() === '' || !Number.isInteger(n) || n < 0 ? undefined : n;
      }
      case 'list': return el.value.split('\n').map((s) => s.trim()).filter(Boolean);
      default: return el.value;
    }
  }

  function show(el, type, v) {
    if (type === 'bool') el.checked = !!v;
    else if (type === 'list') el.value = (v || []).join('\n');
    else el.value = v ?? '';
  }

  form.addEventListener('change', (e) => {
    const el = e.target;
    const s = info.get(el.name);
    if (!s) return;
    const v = valueOf(el, s.type);
    if (v === undefined) {
      el.setCustomValidity('A whole number of 0 or more');
      el.reportValidity();
      return;
    }
    el.setCustomValidity('');
    ctx.markChange();
    store.update((st) => {
      if (same(v, s.default)) delete st.settings[s.name];
      else st.settings[s.name] = v;
    }, 'setting');
    announce(`${s.name} = ${py(v)}.`);
  });
  form.addEventListener('submit', (e) => e.preventDefault());

  // Undo, redo, reset and loading a share change settings behind the
  // form's back; show the current values.
  function sync(state) {
    for (const row of $$('.setting', form)) {
      const s = info.get(row.dataset.setting);
      const el = form.elements[s.name];
      const has = Object.hasOwn(state.settings || {}, s.name);
      const v = has ? state.settings[s.name] : s.default;
      if (!same(valueOf(el, s.type), v) || s.type === 'bool') show(el, s.type, v);
      row.classList.toggle('changed', has);
    }
  }
  store.subscribe(sync);
}
