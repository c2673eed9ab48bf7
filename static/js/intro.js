// The first visit's explanation: shown until the visitor dismisses it,
// then never again in this browser. A browser that refuses storage
// (private mode, blocked site data) shows it each time rather than never.

import { $ } from './dom.js';

const KEY = 'playground.intro.dismissed';

function dismissed() {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function initIntro(ctx) {
  const box = $('#intro');
  if (!box || dismissed()) return;
  box.hidden = false;
  $('#intro-close').addEventListener('click', () => {
    try {
      localStorage.setItem(KEY, '1');
    } catch {
      // Nowhere to remember it: it is gone for this visit only.
    }
    box.hidden = true;
    ctx.announce('Introduction closed. It will not show again in this browser.');
    $('#results-h').focus();
  });
}
