// The sample requests: editing one in a dialog, adding one, and taking a
// request's current outcome as its expectation with one click.

import { $, $$, className } from './dom.js';

// problems lists what is wrong with the form, field by field, in the
// page's own words: the browser's generic "Please match the requested
// format" teaches nothing about HTTP.
function problems(f) {
  const out = [];
  if (!f.label.value.trim()) out.push([f.label, 'Say what the request is, e.g. "alice opens her dashboard"']);
  const path = f.path.value.trim();
  if (!path.startsWith('/')) out.push([f.path, 'A path starts with /, e.g. /dashboard/']);
  else if (/\s/.test(path)) out.push([f.path, 'A path has no spaces; write one as %20']);
  const status = f.expect_status.value.trim();
  if (status && !(/^\d{3}$/.test(status) && +status >= 100 && +status <= 599)) {
    out.push([f.expect_status, 'A status is a number from 100 to 599, or blank for any']);
  }
  const bad = f.headers.value.split('\n').map((l) => l.trim()).find((l) => l && !/^[^\s:]+:/.test(l));
  if (bad) out.push([f.headers, `"${bad}" is not a header: write Name: value`]);
  return out;
}

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
    f.expect_answered_by.value = req.expect?.answered_by || '';
    f.expect_view_runs.value = req.expect?.view_runs === undefined ? '' : String(req.expect.view_runs);
    const classes = store.get().middleware.map(className);
    document.getElementById('answerer-names').replaceChildren(...['view', ...new Set(classes), 'Django'].map((n) => new Option(n)));
    showProblems([]);
  }

  // showProblems puts each message under its field and tells assistive
  // technology the field is invalid; an empty list clears them all.
  function showProblems(list) {
    for (const el of form.querySelectorAll('[aria-describedby^="rq-err-"]')) {
      const hit = list.find(([field]) => field === el);
      const note = document.getElementById(el.getAttribute('aria-describedby'));
      note.textContent = hit ? hit[1] : '';
      note.hidden = !hit;
      if (hit) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    }
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
    const by = f.expect_answered_by.value.trim();
    if (by) expect.answered_by = by; else delete expect.answered_by;
    if (f.expect_view_runs.value) expect.view_runs = f.expect_view_runs.value === 'true'; else delete expect.view_runs;
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
    const found = problems(f);
    showProblems(found);
    if (found.length) {
      found[0][0].focus();
      announce(found.map(([, msg]) => msg).join('. '));
      return;
    }
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
      // Who answered is part of the outcome: the same status from another
      // layer would not be this outcome.
      const expect = { status: got.status, answered_by: got.answered_by, view_runs: got.view_runs };
      // The server names a user only when it is one a person can expect.
      if (got.user) expect.user = got.user;
      ctx.markChange();
      store.update((s) => {
        const r = s.requests[i];
        // The old words described the old expectation; kept, they would
        // say "the stylesheet is served" beside a 404.
        r.expect = expect;
        if (!r.label) r.label = `${r.method || 'GET'} ${r.path}`;
      }, 'expect');
      const who = expect.answered_by === 'view' ? 'the view' : expect.answered_by;
      announce(`Request ${i + 1} now expects ${expect.status}${expect.user ? ' as ' + expect.user : ''}, answered by ${who}.`);
    }
  });
}
