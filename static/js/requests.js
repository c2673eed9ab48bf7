// The sample requests: editing one in a dialog, adding one, and taking a
// request's current outcome as its expectation with one click.

import { $, $$ } from './dom.js';

export function initRequests(ctx) {
  const { store, announce } = ctx;
  const dialog = $('#request-dialog');
  const form = $('#request-form');
  const f = form.elements; // form.method would be the form's own attribute
  const slots = $$('select[name^="cred-"]', form);
  let editing = -1; // index of the request in the dialog; -1 for a new one

  function fill(req) {
    f.label.value = req.label || '';
    f.method.value = (req.method || 'GET').toUpperCase();
    f.path.value = req.path || '/';
    f.client.value = req.client || '';
    // Offer the browsers the scenario already uses.
    const names = [...new Set(store.get().requests.map((r) => r.client).filter(Boolean))];
    document.getElementById('client-names').replaceChildren(...names.map((n) => new Option(n)));
    f.remote_addr.value = req.remote_addr || '';
    f.secure.checked = !!req.secure;
    const auth = new Set(req.auth || []);
    for (const sel of slots) {
      const opt = [...sel.options].find((o) => o.value && auth.has(o.value));
      sel.value = opt ? opt.value : '';
    }
    f.headers.value = Object.entries(req.headers || {}).map(([k, v]) => `${k}: ${v}`).join('\n');
    f.expect_status.value = req.expect?.status || '';
    f.expect_user.value = req.expect?.user || '';
    f.expect_text.value = req.expect?.text || '';
  }

  // read builds the request from the form, keeping what the form does not
  // show (id, form data, credentials no menu offers).
  function read(base) {
    const req = { ...base };
    const set = (k, v) => (v ? (req[k] = v) : delete req[k]);
    set('label', f.label.value.trim());
    req.path = f.path.value.trim() || '/';
    set('method', f.method.value === 'GET' ? '' : f.method.value);
    set('client', f.client.value.trim());
    set('remote_addr', f.remote_addr.value.trim());
    set('secure', f.secure.checked);
    const menuValues = new Set(slots.flatMap((s) => [...s.options].map((o) => o.value)));
    const auth = (base.auth || []).filter((a) => !menuValues.has(a));
    for (const sel of slots) if (sel.value) auth.push(sel.value);
    set('auth', auth.length ? auth : null);
    const headers = {};
    for (const line of f.headers.value.split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    set('headers', Object.keys(headers).length ? headers : null);
    const status = parseInt(f.expect_status.value, 10);
    const user = f.expect_user.value.trim();
    const expect = { ...(base.expect || {}) };
    if (status) expect.status = status; else delete expect.status;
    if (user) expect.user = user; else delete expect.user;
    const text = f.expect_text.value.trim();
    if (text) expect.text = text; else delete expect.text;
    set('expect', Object.keys(expect).length ? expect : null);
    return req;
  }

  function open(i) {
    editing = i;
    const reqs = store.get().requests;
    fill(i >= 0 ? reqs[i] : { path: '/', label: '' });
    $('#rq-title').textContent = i >= 0 ? `Request ${i + 1}` : 'New request';
    $('#rq-delete').hidden = i < 0;
    dialog.showModal();
    f.label.focus();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!f.path.value.startsWith('/')) {
      f.path.setCustomValidity('A path starts with /');
      f.path.reportValidity();
      return;
    }
    f.path.setCustomValidity('');
    const i = editing;
    const base = i >= 0 ? store.get().requests[i] : {};
    const req = read(base);
    ctx.markChange();
    if (i >= 0) {
      store.update((s) => { s.requests[i] = req; }, 'edit-request');
      announce(`Request ${i + 1} saved.`);
    } else {
      if (store.get().requests.length >= ctx.catalog.maxRequests) {
        announce(`The playground runs at most ${ctx.catalog.maxRequests} requests.`);
        return;
      }
      store.update((s) => { s.requests.push(req); }, 'add-request');
      announce(`Request added as number ${store.get().requests.length}.`);
    }
    dialog.close();
  });
  $('#rq-cancel').addEventListener('click', () => dialog.close());
  $('#rq-delete').addEventListener('click', () => {
    const i = editing;
    dialog.close();
    ctx.markChange();
    store.update((s) => { s.requests.splice(i, 1); }, 'delete-request');
    announce(`Request ${i + 1} deleted.`);
  });
  $('#add-request').addEventListener('click', () => open(-1));

  $('#results').addEventListener('click', (e) => {
    const edit = e.target.closest('.edit-request');
    if (edit) {
      open(Number(edit.dataset.index));
      return;
    }
    const take = e.target.closest('.expect-this');
    if (take) {
      const i = Number(take.dataset.index);
      const got = ctx.lastOutcomes?.[i];
      if (!got) return;
      const expect = { status: got.status };
      // The server names a user only when it is one a person can expect.
      if (got.user) expect.user = got.user;
      ctx.markChange();
      store.update((s) => {
        const r = s.requests[i];
        r.expect = { ...(r.expect || {}), ...expect };
        if (!expect.user) delete r.expect.user;
        if (!r.label) r.label = `${r.method || 'GET'} ${r.path}`;
      }, 'expect');
      announce(`Request ${i + 1} now expects ${expect.status}${expect.user ? ' as ' + expect.user : ''}.`);
    }
  });
}
