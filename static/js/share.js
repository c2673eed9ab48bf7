// Share, export and paste: the ways a stack leaves or enters the page.

import { $, className, h, postJSON, agree } from './dom.js';

async function copy(text, note) {
  try {
    await navigator.clipboard.writeText(text);
    note.textContent = 'Copied.';
  } catch {
    note.textContent = 'Select the text and copy it with Ctrl+C.';
  }
}

// initShare returns what "Compare with…" may compare against: the
// shares this page made or was opened from, oldest first, and the stack
// and settings of the last pasted settings.py.
export function initShare(ctx) {
  const { store, announce } = ctx;
  // The server names the share the page was opened from.
  const opened = document.querySelector('[data-shared-id]')?.dataset.sharedId;
  const shares = opened ? [{ id: opened, state: structuredClone(store.get()) }] : [];
  let lastPaste = null;

  // Share: the server stores the state under its content address.
  const box = $('#share-box');
  const url = $('#share-url');
  const note = $('#share-note');
  $('#share').addEventListener('click', async () => {
    note.textContent = '';
    try {
      const res = await postJSON('/api/share', store.get());
      url.value = res.url;
      shares.push({ id: res.id, state: structuredClone(store.get()) });
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

  // What the last paste read beyond the stack: the condition of each
  // entry under `if DEBUG:` / `if not DEBUG:`, and the entries only the
  // other value of DEBUG has. The export writes them back; a reset, which
  // replaces the stack, forgets them.
  let pasted = null;
  store.subscribe((state, reason) => {
    // Undoing the paste itself takes its conditions with it.
    if (reason === 'reset' || (reason === 'undo' && pasted && JSON.stringify(state.middleware) === pasted.before)) pasted = null;
  });

  // Export: settings.py as the page has it, a reason on each entry.
  const dialog = $('#export-dialog');
  const text = $('#export-text');
  const exNote = $('#export-note');
  $('#export').addEventListener('click', async () => {
    exNote.textContent = '';
    const s = store.get();
    const body = {
      middleware: s.middleware,
      settings: s.settings,
      debug: pasted ? pasted.debug : s.settings.DEBUG === true,
      when: pasted ? pasted.when : {},
      absent: pasted ? pasted.absent : [],
    };
    try {
      const res = await postJSON('/ui/export', body);
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

  // Paste: the server reads settings.py without running it. The file's
  // simulated settings replace the page's, so what runs is what the file
  // says; the message names what was taken, what was not, and why. Below
  // it, what the reader assumed: the environment variables it read, each
  // with a field to give it a value and read the file again with it.
  const paste = $('#paste-text');
  const result = $('#paste-result');
  const assumed = $('#paste-assumed');
  const envForm = $('#paste-env');
  const envFields = $('#paste-env-fields');
  const read = async (env, fresh) => {
    result.replaceChildren();
    result.className = 'paste-result';
    try {
      const debug = $('#paste-debug').checked;
      const res = await postJSON('/ui/paste', { text: paste.value, debug, env });
      ctx.markChange();
      const before = Object.keys(store.get().settings || {});
      const stackBefore = JSON.stringify(store.get().middleware);
      store.update((s) => {
        s.middleware = res.middleware;
        s.settings = res.settings;
      }, 'paste');
      const when = {};
      for (const e of res.entries) if (e.when) when[e.path] = e.when;
      pasted = { debug, when, absent: res.absent, before: stackBefore };
      lastPaste = { middleware: res.middleware, settings: res.settings };
      result.append(...pasteReport(res, before));
      result.classList.add('ok');
      showAssumed(res.assumptions, env);
      return result.firstChild.textContent;
    } catch (err) {
      result.textContent = `Could not read it: ${err.message}`;
      result.classList.add('err');
      // A refused re-read keeps the fields, so a value can be fixed.
      if (fresh) assumed.hidden = true;
      return result.textContent;
    }
  };
  const showAssumed = (assumptions, env) => {
    $('#paste-assumptions').replaceChildren(...assumptions.map((a) => h('li', {}, assumptionText(a, env))));
    assumed.hidden = !assumptions.length;
    const names = [...new Set(assumptions.filter((a) => a.kind === 'env').map((a) => a.name))];
    envFields.replaceChildren(...names.map((name) => h('div', { class: 'paste-env-field' },
      h('label', { for: `paste-env-${name}` }, h('code', {}, name)),
      h('input', { type: 'text', id: `paste-env-${name}`, name, value: env[name] ?? '', spellcheck: 'false', autocomplete: 'off' }))));
    envForm.hidden = !names.length;
  };
  // A fresh load reads the file with the environment empty; the fields
  // then offer what it read.
  $('#paste-load').addEventListener('click', async () => announce(await read({}, true)));
  envForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const env = {};
    for (const input of envFields.querySelectorAll('input')) if (input.value !== '') env[input.name] = input.value;
    const n = Object.keys(env).length;
    const said = await read(env, false);
    announce(`Re-read with ${n} ${agree(n, 'variable', 'variables')} set. ${said}`);
  });

  return { shares: () => shares, lastPaste: () => lastPaste };
}

// assumptionText words one of the reader's assumptions for a learner: the
// line, what was taken, and what followed from it.
function assumptionText(a, env) {
  const at = `line ${a.line}: `;
  const name = h('code', {}, a.kind === 'import' ? `import ${a.name}` : a.name);
  if (a.kind === 'import') return [at, name, ` taken to ${a.value === 'succeeds' ? 'succeed' : 'fail'}: ${a.why}`];
  // The reader pins DEBUG to the "read it as if DEBUG = True" box.
  const pinned = a.feeds_debug ? ', but this line sets DEBUG, which follows the “Read it as if DEBUG = True” box instead' : '';
  if (a.given) return [at, name, ` is set to "${env[a.name]}", so the lookup gave ${a.value}${pinned}`];
  if (a.value === '(not set)') return [at, name, ` is ${a.why}${pinned}`];
  return [at, name, ` is not set, so the lookup gave its default, ${a.value}${pinned}`];
}

// pasteReport says what the paste did, one paragraph or list per kind.
function pasteReport(res, before) {
  const out = [];
  const p = (...kids) => out.push(h('p', {}, ...kids));
  const list = (title, items, cls) => {
    if (!items.length) return;
    out.push(h('p', { class: cls }, title));
    out.push(h('ul', { class: cls }, items.map((it) => h('li', {}, ...[].concat(it)))));
  };
  p(`Loaded ${res.middleware.length} ${agree(res.middleware.length, 'entry', 'entries')} from ${res.setting || 'MIDDLEWARE'}, read as if DEBUG = ${res.debug ? 'True' : 'False'}.`);
  const cond = res.entries.filter((e) => e.when);
  if (cond.length) p(`Under ${cond[0].when === 'DEBUG' ? 'if DEBUG:' : 'if not DEBUG:'} in the file: ${cond.map((e) => className(e.path)).join(', ')}. The export writes them back there.`);
  if (res.absent.length) p(`Only with DEBUG = ${res.debug ? 'False' : 'True'}: ${res.absent.map((e) => className(e.path)).join(', ')}; not in this stack, kept for the export.`);
  const unknown = res.entries.filter((e) => !e.known);
  if (unknown.length) p(`${unknown.length} unknown to the playground (they pass requests through): ${unknown.map((e) => e.path).join(', ')}.`);
  list('Settings taken from the file:', res.taken.map((s) => [h('code', {}, `${s.name} = ${s.python}`), s.note ? ` (${s.note})` : '']), 'taken');
  const reset = before.filter((k) => !Object.hasOwn(res.settings, k));
  if (reset.length) p(`Back to the playground's value, as the file does not set them: ${reset.join(', ')}.`);
  list('Not taken:', res.ignored.map((s) => [h('code', {}, s.name), `: ${s.why}.`]), 'ignored');
  if (res.unsimulated.length) out.push(h('p', { class: 'ignored' }, `Not simulated, so not used: ${res.unsimulated.join(', ')}.`));
  for (const w of res.warnings) p(w);
  return out;
}
