// The colour theme, chosen before the first paint: the one the visitor
// picked here (remembered in localStorage), else the system's. A classic
// script in <head> rather than a module, so the page never flashes the
// other theme; it is external, as the CSP wants.
(() => {
  const root = document.documentElement;
  const system = matchMedia('(prefers-color-scheme: dark)');
  const stored = () => {
    try {
      return localStorage.getItem('theme');
    } catch {
      return null; // storage blocked: follow the system
    }
  };
  const sync = () => {
    for (const b of document.querySelectorAll('.theme-toggle')) b.setAttribute('aria-pressed', String(root.dataset.theme === 'dark'));
  };
  const apply = () => {
    root.dataset.theme = stored() || (system.matches ? 'dark' : 'light');
    sync();
  };
  apply();
  system.addEventListener('change', apply);
  document.addEventListener('DOMContentLoaded', sync);
  document.addEventListener('click', (e) => {
    if (!(e.target instanceof Element) || !e.target.closest('.theme-toggle')) return;
    const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
    try {
      // Choosing what the system already says goes back to following it.
      if (next === (system.matches ? 'dark' : 'light')) localStorage.removeItem('theme');
      else localStorage.setItem('theme', next);
    } catch {
      // Not remembered, but still applied below.
    }
    root.dataset.theme = next;
    sync();
  });
})();
