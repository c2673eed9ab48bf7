// The colour theme toggle. The page is drawn in the right theme before
// any script runs: the CSS follows the system's scheme, and the server
// writes a visitor's own pick (the theme cookie) into <html data-theme>.
// This script, deferred, keeps data-theme naming the theme in force and
// remembers a pick in that cookie.
(() => {
  const root = document.documentElement;
  const system = matchMedia('(prefers-color-scheme: dark)');
  const systemTheme = () => (system.matches ? 'dark' : 'light');
  const picked = () => document.cookie.match(/(?:^|;\s*)theme=(light|dark)(?:;|$)/)?.[1];
  const remember = (theme) => {
    // Picking what the system already says goes back to following it.
    const age = theme === systemTheme() ? 0 : 400 * 24 * 3600;
    document.cookie = `theme=${theme}; Path=/; Max-Age=${age}; SameSite=Lax`;
  };
  const apply = (theme) => {
    root.dataset.theme = theme;
    for (const b of document.querySelectorAll('.theme-toggle')) b.setAttribute('aria-pressed', String(theme === 'dark'));
  };
  apply(picked() || systemTheme());
  system.addEventListener('change', () => apply(picked() || systemTheme()));
  document.addEventListener('click', (e) => {
    if (!(e.target instanceof Element) || !e.target.closest('.theme-toggle')) return;
    const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
    remember(next);
    apply(next);
  });
})();
