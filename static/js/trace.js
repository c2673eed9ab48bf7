// The trace (drawn by the server as a row under its request): closing it,
// hiding quiet steps, and jumping from a bar of the timeline to its row in
// the step table.

import { $ } from './dom.js';

export function initTrace(ctx, results) {
  const box = $('#results');
  box.addEventListener('click', (e) => {
    if (e.target.closest('.close-trace')) {
      const i = ctx.ui.open;
      ctx.ui.open = -1;
      box.querySelector('.trace-row')?.remove();
      results.run();
      document.querySelector(`.open-trace[data-index="${i}"]`)?.focus();
      return;
    }
    const bar = e.target.closest('rect[data-step]');
    if (bar) {
      const row = box.querySelector(`#step-${ctx.ui.open}-${bar.dataset.step}`);
      if (row) {
        row.scrollIntoView({ block: 'center', behavior: 'smooth' });
        row.classList.add('flash');
        setTimeout(() => row.classList.remove('flash'), 1200);
      }
    }
  });
  box.addEventListener('change', (e) => {
    if (!e.target.classList.contains('hide-quiet')) return;
    ctx.ui.hideQuiet = e.target.checked;
    box.querySelector('.steps')?.classList.toggle('hide-quiet', ctx.ui.hideQuiet);
  });
}
