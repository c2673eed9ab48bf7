// "Export as a Django test": the open request's trace offers its test as a
// tests.py to download, made from the current stack, settings and requests.

import { h, post } from './dom.js';

// scenario keeps the fields of the conformance format: a page's state
// may carry more (an exercise's), which the API refuses.
const scenario = (s) => ({
  name: s.name, django: s.django, settings: s.settings, middleware: s.middleware, requests: s.requests,
});

export function initTestExport(ctx) {
  document.addEventListener('click', async (e) => {
    const btn = e.target.closest('.export-test');
    if (!btn) return;
    const note = btn.parentElement.querySelector('.export-test-note');
    note.textContent = '';
    try {
      const resp = await post(`/api/export/django-test?request=${encodeURIComponent(btn.dataset.index)}`, scenario(ctx.store.get()));
      const url = URL.createObjectURL(await resp.blob());
      h('a', { href: url, download: 'tests.py' }).click();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      note.textContent = 'tests.py downloaded: put it in an app of your project and run manage.py test.';
    } catch (err) {
      note.textContent = `Could not export: ${err.message}`;
    }
    ctx.announce(note.textContent);
  });
}
