// The context every page module is given: the store, the catalog, the
// announcer, the open trace, and when the user's latest change began (for
// the "updated in N ms" figure). Shared by the sandbox and the exercises.

import { announce } from './announce.js';

export function createContext(store, catalog) {
  const ctx = {
    store,
    catalog,
    announce,
    ui: { open: -1, hideQuiet: false },
    lastOutcomes: null,
    changeStart: null,
    /** Note when a user's change began (an event's timeStamp, or now). */
    markChange(at = performance.now()) {
      ctx.changeStart = at;
    },
  };
  return ctx;
}
