// The first visit's explanation: the server draws it until the visitor
// dismisses it, which the intro cookie remembers (the server reads it, so
// a returning visitor never sees it flash). A browser that refuses
// cookies shows it each time rather than never.

import { $ } from './dom.js';

const COOKIE = 'intro=dismissed; Path=/; Max-Age=34560000; SameSite=Lax';

export function initIntro(ctx) {
  const box = $('#intro');
  if (!box) return;
  // Dismissed before the cookie existed: remember it the new way.
  try {
    if (localStorage.getItem('playground.intro.dismissed') === '1') {
      document.cookie = COOKIE;
      localStorage.removeItem('playground.intro.dismissed');
      box.hidden = true;
    }
  } catch {
    // Storage blocked: nothing old to carry over.
  }
  if (box.hidden) return;
  $('#intro-close').addEventListener('click', () => {
    document.cookie = COOKIE;
    box.hidden = true;
    ctx.announce('Introduction closed. It will not show again in this browser.');
    $('#results-h').focus();
  });
}
