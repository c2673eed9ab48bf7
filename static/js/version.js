// The Django version picker: the version is part of the state, so a
// change re-runs every request, goes into undo and into share links. The
// footer names the release the engine actually ran, from its trace.

import { $ } from './dom.js';

export function initVersion(ctx, results) {
  const { store, announce } = ctx;
  const picker = $('#django-version');
  const full = $('#django-full');

  picker.addEventListener('change', () => {
    ctx.markChange();
    store.update((s) => { s.django = picker.value; }, 'version');
    announce(`Requests now run on Django ${picker.value}.`);
  });
  // Undo, redo and reset change the version behind the picker's back.
  store.subscribe((state) => {
    if (state.django && picker.value !== state.django) picker.value = state.django;
  });
  results.onRun((data) => {
    if (data.django) full.textContent = data.django;
  });
}
