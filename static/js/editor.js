// The MIDDLEWARE editor: the ordered list, reordering with a pointer
// (mouse, pen or finger, through Pointer Events) or the keyboard alone,
// removing entries, and adding them from the palette.

import { $, $$, h, className, dotted, camelWords, agree } from './dom.js';
import { moveItem } from './state.js';

const DRAG_THRESHOLD = 4; // px a pointer must travel before a press becomes a drag
const EDGE = 56; // px from an edge where a drag scrolls

export function initEditor(ctx) {
  const { store, catalog, announce } = ctx;
  const list = $('#mw-list');
  const count = $('#mw-count');
  const findingsBox = $('#findings');
  const byPath = new Map(catalog.middleware.map((m) => [m.path, m]));
  let findings = [];
  let marks = { answered: -1, fault: -1 };
  let fix = null; // the linter's proposed stack, if any
  let drag = null; // pointer drag in progress
  let lifted = null; // keyboard pick-up in progress

  const items = () => $$('li.mw', list);
  const indexOf = (li) => items().indexOf(li);
  const label = (path) => className(path);

  function render() {
    const mw = store.get().middleware;
    const byEntry = new Map();
    // A finding shows on the entry it is about (its first); the list
    // under the editor has the whole story.
    for (const f of findings) {
      const i = (f.entries || [])[0];
      if (i === undefined) continue;
      if (!byEntry.has(i)) byEntry.set(i, []);
      byEntry.get(i).push(f);
    }
    list.replaceChildren(...mw.map((path, i) => entry(path, i, mw.length, byEntry.get(i) || [])));
    const tag = (i, cls, text) => {
      const li = list.children[i];
      if (!li) return;
      li.classList.add(cls);
      li.querySelector('.mw-body').append(h('span', { class: `mark-tag ${cls}` }, text));
    };
    if (marks.fault >= 0) tag(marks.fault, 'fault', '✗ the open request went wrong here');
    if (marks.answered >= 0 && marks.answered !== marks.fault) tag(marks.answered, 'answered', '↩ answered the open request');
    count.textContent = `(${mw.length})`;
    renderFindings();
    syncPalette();
  }

  function entry(path, i, n, fs) {
    const known = byPath.get(path);
    const pkg = path.slice(0, Math.max(0, path.lastIndexOf('.')));
    const warn = fs.length ? h('span', { class: 'mw-warn', title: fs.map((f) => f.message).join('\n') }, '⚠ ', fs[0].fix || fs[0].message) : null;
    return h('li', {
      class: `mw${known ? '' : ' unknown'}${fs.length ? ' flagged' : ''}`,
      tabindex: '0',
      dataset: { path, index: i },
      'data-testid': 'mw-entry',
      'aria-label': `${label(path)}, position ${i + 1} of ${n}${known ? '' : ', unknown middleware'}`,
    },
    h('span', { class: 'grip', 'aria-hidden': 'true', title: 'Drag to reorder' }, '⠿'),
    h('span', { class: 'pos', 'aria-hidden': 'true' }, String(i + 1)),
    h('span', { class: 'mw-body' },
      h('strong', { class: 'cls' }, camelWords(label(path))),
      h('code', { class: 'pkg' }, dotted(pkg)),
      known ? null : h('span', { class: 'badge unknown-badge' }, 'unknown: passes requests through'),
      warn),
    h('button', { type: 'button', class: 'rm', 'aria-label': `Remove ${label(path)}`, title: 'Remove', tabindex: '-1' }, '✕'));
  }

  // Position numbers follow the entries while one moves, so what is shown
  // and what is announced agree before the drop.
  function renumber() {
    const all = items();
    all.forEach((li, i) => {
      li.querySelector('.pos').textContent = String(i + 1);
      const unknown = li.classList.contains('unknown') ? ', unknown middleware' : '';
      const state = li.classList.contains('lifted') ? ', picked up' : '';
      li.setAttribute('aria-label', `${label(li.dataset.path)}${state}, position ${i + 1} of ${all.length}${unknown}`);
    });
  }

  function renderFindings() {
    findingsBox.replaceChildren();
    if (!findings.length) return;
    findingsBox.append(h('h3', {}, 'Ordering rules this stack breaks'),
      h('ul', {}, findings.map((f) => h('li', { class: `finding sev-${f.severity}` },
        h('strong', {}, f.message), f.fix ? h('div', { class: 'fix' }, f.fix) : null))));
    if (fix) {
      findingsBox.append(h('button', { type: 'button', class: 'apply-fix', 'data-testid': 'apply-fix' },
        `Apply the fewest changes that satisfy them (${fix.changes})`));
    }
  }

  // The palette marks what is already in the stack.
  function syncPalette() {
    const present = new Set(store.get().middleware);
    for (const btn of $$('.pal-add')) {
      if (btn.dataset.needs) continue; // upgrade.js: not in this Django version
      const inStack = present.has(btn.dataset.path);
      btn.disabled = inStack;
      btn.querySelector('.pal-verb').textContent = inStack ? 'In the stack' : 'Add';
    }
  }

  function commitMove(from, to, how, at) {
    const mw = store.get().middleware;
    const name = label(mw[from]);
    if (from === to) {
      render();
      announce(`${name} dropped back at position ${to + 1} of ${mw.length}.`);
      return;
    }
    ctx.markChange(at);
    store.update((s) => moveItem(s.middleware, from, to), how);
    announce(`${name} dropped at position ${to + 1} of ${mw.length}.`);
  }

  function focusEntry(i) {
    const li = items()[Math.max(0, Math.min(i, items().length - 1))];
    if (li) li.focus();
  }

  function remove(i) {
    const mw = store.get().middleware;
    const name = label(mw[i]);
    ctx.markChange();
    store.update((s) => s.middleware.splice(i, 1), 'remove');
    announce(`Removed ${name}. ${mw.length - 1} entries left.`);
    focusEntry(i);
  }

  // --- Pointer dragging -------------------------------------------------
  list.addEventListener('pointerdown', (e) => {
    const li = e.target.closest('li.mw');
    if (!li || e.target.closest('button') || e.button !== 0 || lifted) return;
    // On touch screens only the grip starts a drag, so the list still scrolls.
    if (e.pointerType !== 'mouse' && !e.target.closest('.grip')) return;
    drag = { li, from: indexOf(li), startY: e.clientY, y: e.clientY, id: e.pointerId, started: false, grab: 0 };
    li.setPointerCapture(e.pointerId);
  });

  list.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    const { li } = drag;
    if (!drag.started) {
      if (Math.abs(e.clientY - drag.startY) < DRAG_THRESHOLD) return;
      drag.started = true;
      drag.grab = drag.startY - li.getBoundingClientRect().top;
      li.classList.add('dragging');
      list.classList.add('sorting');
      requestAnimationFrame(autoScroll);
    }
    e.preventDefault();
    drag.y = e.clientY;
    place();
  });

  // place puts the dragged entry in the slot under the pointer and keeps
  // it under the pointer: its natural place is where the list put it; the
  // transform adds the rest.
  function place() {
    const { li, y } = drag;
    const others = items().filter((x) => x !== li);
    let target = 0;
    for (const o of others) {
      const r = o.getBoundingClientRect();
      if (y > r.top + r.height / 2) target++;
    }
    if (target !== indexOf(li)) {
      list.insertBefore(li, others[target] || null);
      renumber();
      ctx.prefetch?.(items().map((x) => x.dataset.path));
    }
    li.style.transform = '';
    const natural = li.getBoundingClientRect().top;
    li.style.transform = `translateY(${y - drag.grab - natural}px)`;
  }

  // While the pointer rests near the top or bottom edge of what scrolls
  // the list (its sticky column on wide screens, else the page), scroll
  // it, faster the closer to the edge, so an entry can travel further
  // than one screen in one gesture.
  function scroller() {
    const col = list.closest('.col-stack');
    if (col && col.scrollHeight > col.clientHeight && getComputedStyle(col).overflowY !== 'visible') return col;
    return null;
  }
  function autoScroll() {
    if (!drag || !drag.started) return;
    const col = scroller();
    const top = col ? Math.max(0, col.getBoundingClientRect().top) : 0;
    const bottom = col ? Math.min(innerHeight, col.getBoundingClientRect().bottom) : innerHeight;
    let dy = 0;
    if (drag.y < top + EDGE) dy = -Math.ceil((top + EDGE - drag.y) / 4);
    else if (drag.y > bottom - EDGE) dy = Math.ceil((drag.y - (bottom - EDGE)) / 4);
    if (dy) {
      const el = col || document.scrollingElement;
      const before = el.scrollTop;
      el.scrollTop += dy;
      if (el.scrollTop !== before) place();
    }
    requestAnimationFrame(autoScroll);
  }

  function endDrag(e, cancelled) {
    if (!drag || e.pointerId !== drag.id) return;
    const { li, from, started } = drag;
    drag = null;
    if (!started) return;
    li.style.transform = '';
    li.classList.remove('dragging');
    list.classList.remove('sorting');
    if (cancelled) {
      render();
      return;
    }
    commitMove(from, indexOf(li), 'drag', e.timeStamp);
  }
  list.addEventListener('pointerup', (e) => endDrag(e, false));
  list.addEventListener('pointercancel', (e) => endDrag(e, true));

  // --- Keyboard ---------------------------------------------------------
  list.addEventListener('keydown', (e) => {
    const li = e.target.closest('li.mw');
    if (!li || e.target !== li || e.altKey || e.ctrlKey || e.metaKey) return;
    const i = indexOf(li);
    const n = items().length;
    const name = label(li.dataset.path);
    if (lifted) {
      let to = null;
      if (e.key === 'ArrowUp') to = Math.max(0, i - 1);
      else if (e.key === 'ArrowDown') to = Math.min(n - 1, i + 1);
      else if (e.key === 'Home') to = 0;
      else if (e.key === 'End') to = n - 1;
      if (to !== null) {
        e.preventDefault();
        if (to !== i) {
          const others = items().filter((x) => x !== li);
          list.insertBefore(li, others[to] || null);
          li.focus();
          renumber();
          ctx.prefetch?.(items().map((x) => x.dataset.path));
        }
        announce(`${name} moved to position ${to + 1} of ${n}.`);
        return;
      }
      if (e.key === ' ' || e.key === 'Enter') {
        e.preventDefault();
        const from = lifted.from;
        lifted = null;
        li.classList.remove('lifted');
        commitMove(from, i, 'keyboard');
        focusEntry(i);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        const from = lifted.from;
        lifted = null;
        render();
        focusEntry(from);
        announce(`Move cancelled. ${name} is back at position ${from + 1} of ${n}.`);
      }
      return;
    }
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      lifted = { from: i };
      li.classList.add('lifted');
      renumber();
      announce(`Picked up ${name}, position ${i + 1} of ${n}. Arrow keys move it, Space drops it, Escape cancels.`);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      focusEntry(i + (e.key === 'ArrowUp' ? -1 : 1));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      focusEntry(e.key === 'Home' ? 0 : n - 1);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      remove(i);
    }
  });

  // Leaving a picked-up entry (Tab, a click elsewhere) cancels the move,
  // so the list never stays half-moved.
  list.addEventListener('focusout', () => {
    // Moving the focused entry in the DOM blurs it for a moment; look
    // again once the move has re-focused it.
    setTimeout(() => {
      if (!lifted || list.contains(document.activeElement)) return;
      lifted = null;
      render();
    });
  });

  list.addEventListener('click', (e) => {
    const btn = e.target.closest('button.rm');
    if (btn) remove(indexOf(btn.closest('li.mw')));
  });

  findingsBox.addEventListener('click', (e) => {
    if (!e.target.closest('.apply-fix') || !fix) return;
    const n = fix.changes;
    const stack = fix.stack;
    ctx.markChange();
    store.update((s) => { s.middleware = stack; }, 'fix');
    announce(`Applied ${n} ${agree(n, 'change', 'changes')}: the stack now follows the ordering rules. Undo takes it back.`);
  });

  // --- Palette ----------------------------------------------------------
  const palette = $('#palette');
  palette.addEventListener('click', (e) => {
    const btn = e.target.closest('.pal-add');
    if (!btn || btn.disabled) return;
    const path = btn.dataset.path;
    const n = store.get().middleware.length;
    if (n >= catalog.max) {
      announce(`The playground takes at most ${catalog.max} middleware.`);
      return;
    }
    ctx.markChange();
    store.update((s) => s.middleware.push(path), 'add');
    announce(`Added ${label(path)} at position ${n + 1} of ${n + 1}. Pick it up with Space to move it into place.`);
    focusEntry(n);
  });
  const search = $('#palette-search');
  search.addEventListener('input', () => {
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const group of $$('.pal-group', palette)) {
      let shown = 0;
      for (const it of $$('.pal-item', group)) {
        const hit = terms.every((t) => it.dataset.search.includes(t));
        it.hidden = !hit;
        if (hit) shown++;
      }
      group.hidden = shown === 0;
    }
  });

  store.subscribe(() => {
    if (!drag && !lifted) render();
  });
  render();

  return {
    /** Show the latest run's ordering findings and the open request's layers. */
    setAnnotations(fs, m, f) {
      fs = fs || [];
      m = m || { answered: -1, fault: -1 };
      f = f || null;
      if (JSON.stringify([fs, m, f]) === JSON.stringify([findings, marks, fix])) return;
      findings = fs;
      marks = m;
      fix = f;
      if (!drag && !lifted) {
        const focused = document.activeElement && list.contains(document.activeElement) ? indexOf(document.activeElement.closest('li.mw')) : -1;
        render();
        if (focused >= 0) focusEntry(focused);
      }
    },
  };
}
