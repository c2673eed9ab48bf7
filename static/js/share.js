// Share, export and paste: the ways a stack leaves or enters the page.

import { $, postJSON } from './dom.js';

async function copy(text, note) {
  try {
    await navigator.clipboard.writeText(text);
    note.textContent = 'Copied.';
  } catch {
    note.textContent = 'Select the text and copy it with Ctrl+C.';
  }
}

export function initShare(ctx) {
  const { store, announce } = ctx;

  // Share: the server stores the state under its content address.
  const box = $('#share-box');
  const url = $('#share-url');
  const note = $('#share-note');
  $('#share').addEventListener('click', async () => {
    note.textContent = '';
    try {
      const res = await postJSON('/api/share', store.get());
      url.value = res.url;
      fetch(`/oembed?url=${encodeURIComponent(res.url)}`).then((r) => r.json()).then((o) => { $('#share-embed').value = o.html || ''; });
      box.hidden = false;
      history.replaceState(null, '', `/s/${res.id}`);
      url.focus();
      url.select();
      announce('Share link ready. It is selected; copy it with Ctrl+C.');
    } catch (err) {
      box.hidden = false;
      url.value = '';
      note.textContent = `Could not make a link: ${err.message}`;
    }
  });
  $('#share-copy').addEventListener('click', () => copy(url.value, note));
  // A changed state no longer matches the link in the address bar.
  store.subscribe(() => {
    if (!box.hidden) {
      box.hidden = true;
      history.replaceState(null, '', '/');
    }
  });

  // Export: the stack as a MIDDLEWARE block with a reason on each line.
  const dialog = $('#export-dialog');
  const text = $('#export-text');
  const exNote = $('#export-note');
  $('#export').addEventListener('click', async () => {
    exNote.textContent = '';
    try {
      const res = await postJSON('/ui/export', { middleware: store.get().middleware });
      text.value = res.text;
    } catch (err) {
      text.value = '';
      exNote.textContent = err.message;
    }
    dialog.showModal();
    text.focus();
    text.select();
  });
  $('#export-copy').addEventListener('click', () => copy(text.value, exNote));
  $('#export-close').addEventListener('click', () => dialog.close());

  // Paste: the server reads MIDDLEWARE out of settings.py without running it.
  const paste = $('#paste-text');
  const result = $('#paste-result');
  $('#paste-load').addEventListener('click', async () => {
    result.replaceChildren();
    result.className = 'paste-result';
    try {
      const res = await postJSON('/ui/paste', { text: paste.value, debug: $('#paste-debug').checked });
      ctx.markChange();
      const taken = Object.entries(res.settings || {});
      store.update((s) => {
        s.middleware = res.middleware;
        for (const [k, v] of taken) s.settings[k] = v;
      }, 'paste');
      const unknown = res.entries.filter((e) => !e.known);
      const parts = [`Loaded ${res.middleware.length} entries from ${res.setting || 'MIDDLEWARE'}.`];
      if (taken.length) parts.push(`Also took ${taken.map(([k, v]) => `${k} = ${v}`).join(', ')} from the file.`);
      if (unknown.length) parts.push(`${unknown.length} unknown to the playground (they pass requests through): ${unknown.map((e) => e.path).join(', ')}.`);
      for (const w of res.warnings) parts.push(w);
      result.textContent = parts.join(' ');
      result.classList.add('ok');
      announce(parts[0]);
    } catch (err) {
      result.textContent = `Could not read it: ${err.message}`;
      result.classList.add('err');
      announce(result.textContent);
    }
  });
}
