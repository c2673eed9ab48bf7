// Small DOM helpers shared by the modules.

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/** Create an element: h('li', {class: 'x', dataset: {i: 1}}, child, 'text'). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** fetch url and return the response when the server says yes; else
 * throw Error(the server's error, or its status), with .status and .data
 * (the decoded answer, null when it was not JSON: a proxy's error page). */
async function request(url, init) {
  const resp = await fetch(url, init);
  if (!resp.ok) {
    const data = await resp.json().catch(() => null);
    const err = new Error((data && data.error) || `the server answered ${resp.status}`);
    err.status = resp.status;
    err.data = data;
    throw err;
  }
  return resp;
}

/** POST body (a value, or a string already encoded) as JSON; the answer
 * or the error as request gives them. */
export const post = (url, body, signal) => request(url, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  signal,
});

/** POST as post does and return the decoded answer (null when it is not
 * JSON). */
export const postJSON = async (url, body, signal) => (await post(url, body, signal)).json().catch(() => null);

/** GET url and return the decoded answer; throws as request does. */
export const getJSON = async (url) => (await request(url)).json();

/** POST payload as JSON to url and put the HTML fragment the server draws
 * into box, or the server's error in words; then announce the fragment's
 * tally (its element matching tallySel) or the error. A request aborted
 * through signal leaves box to the one that replaced it. */
export async function showFragment(box, url, payload, signal, tallySel, announce) {
  box.setAttribute('aria-busy', 'true');
  try {
    const body = await payload();
    try {
      const html = await (await post(url, body, signal)).text();
      if (signal.aborted) return;
      box.innerHTML = html;
    } catch (err) {
      // The server's refusal is shown as it is; anything else (no
      // network, payload failing) is a comparison that could not run.
      if (!err.status) throw err;
      if (signal.aborted) return;
      box.textContent = (err.data && err.data.error) || `The server answered ${err.status}.`;
    }
  } catch (err) {
    if (err.name === 'AbortError') return;
    box.textContent = `Could not compare: ${err.message}`;
  }
  box.removeAttribute('aria-busy');
  announce($(tallySel, box)?.textContent.trim() || box.textContent);
}

// text as text nodes with a line-break opportunity (<wbr>) wherever at
// matches, so a long name wraps between its parts, never inside a word.
const breakable = (text, at) => text.split(at).flatMap((part, i) => (i ? [document.createElement('wbr'), part] : [part]));

/** A dotted path, breakable after each dot. */
export const dotted = (path) => breakable(path, /(?<=\.)/);

/** A class name, breakable between its words (LoginRequired|By|Pattern|
 * Middleware), so a long one wraps in a narrow column instead of running
 * out of it. */
export const camelWords = (name) => breakable(name, /(?<=[a-z0-9])(?=[A-Z])/);

/** The short class name of a dotted path. */
export const className = (path) => path.slice(path.lastIndexOf('.') + 1);

/** The word that agrees with a count n: agree(1, 'entry', 'entries'). */
export function agree(n, one, other) {
  return n === 1 ? one : other;
}

/** Is the event's target a text field, where shortcuts must not fire? */
export function inTextField(e) {
  const t = e.target;
  return t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
}

/** Settles once the page has been painted: a task after the next frame.
 * A hidden tab paints no frames, so there it settles at once. */
export function afterFirstPaint() {
  return new Promise((ok) => {
    if (document.visibilityState === 'hidden') ok();
    else requestAnimationFrame(() => setTimeout(ok, 0));
  });
}
