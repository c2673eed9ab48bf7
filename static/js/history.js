// Undo and redo, by button and by the usual shortcuts (not while typing,
// where the browser's own text undo applies). Shared by the sandbox and
// the exercise pages.

import { $, inTextField } from './dom.js';
import { announce } from './announce.js';

export function initHistory(store, ctx) {
  const undoBtn = $('#undo');
  const redoBtn = $('#redo');
  const undo = () => { ctx.markChange(); if (store.undo()) announce('Undone.'); };
  const redo = () => { ctx.markChange(); if (store.redo()) announce('Redone.'); };
  store.subscribe(() => {
    undoBtn.disabled = !store.canUndo();
    redoBtn.disabled = !store.canRedo();
  });
  undoBtn.addEventListener('click', undo);
  redoBtn.addEventListener('click', redo);
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || inTextField(e)) return;
    const k = e.key.toLowerCase();
    if (k === 'z' && !e.shiftKey) {
      e.preventDefault();
      undo();
    } else if ((k === 'z' && e.shiftKey) || k === 'y') {
      e.preventDefault();
      redo();
    }
  });
}
