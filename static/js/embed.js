// The embed: one trace open at a time, and the page's height told to the
// page around the <iframe>, which may resize it to fit.

const reqs = [...document.querySelectorAll('details.req')];
for (const d of reqs) {
  d.addEventListener('toggle', () => {
    if (d.open) for (const o of reqs) if (o !== d) o.open = false;
    tellHeight();
  });
}

function tellHeight() {
  if (window.parent === window) return;
  window.parent.postMessage({ type: 'middleware-playground:height', height: document.documentElement.scrollHeight }, '*');
}
tellHeight();
document.body.dataset.ready = 'true';
