// Settings as Python writes them (True, None, ['a', 'b']): the page talks
// about settings.py, so it never shows a value as JSON. The server's
// pyRepr (web/python.go) writes the same.

const quote = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;

export function py(v) {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return quote(v);
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  return String(v);
}
