// Screen-reader announcements through aria-live regions.

const regions = new Map();

function region(id) {
  if (!regions.has(id)) regions.set(id, document.getElementById(id));
  return regions.get(id);
}

/** Say msg through the assertive region (moves, drops, removals). */
export function announce(msg, id = 'announcer') {
  const el = region(id);
  if (!el) return;
  // Clearing first makes a repeated message be read again.
  el.textContent = '';
  requestAnimationFrame(() => {
    el.textContent = msg;
  });
}
