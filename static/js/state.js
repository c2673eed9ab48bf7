// The playground's state (the scenario: middleware, settings, requests)
// with an undo history. Every change goes through update(), so undo, redo
// and the results refresh all see the same sequence of states.

const HISTORY_LIMIT = 200;

export function createStore(initial) {
  let state = structuredClone(initial);
  const past = [];
  const future = [];
  const listeners = new Set();

  function emit(reason) {
    for (const fn of listeners) fn(state, reason);
  }

  return {
    get: () => state,
    /** Apply fn to a copy of the state and make it current (undoable). */
    update(fn, reason = 'edit') {
      const next = structuredClone(state);
      fn(next);
      if (JSON.stringify(next) === JSON.stringify(state)) return false;
      past.push(state);
      if (past.length > HISTORY_LIMIT) past.shift();
      future.length = 0;
      state = next;
      emit(reason);
      return true;
    },
    undo() {
      if (!past.length) return false;
      future.push(state);
      state = past.pop();
      emit('undo');
      return true;
    },
    redo() {
      if (!future.length) return false;
      past.push(state);
      state = future.pop();
      emit('redo');
      return true;
    },
    canUndo: () => past.length > 0,
    /** The state undo would go back to, if any. */
    previous: () => past.at(-1),
    canRedo: () => future.length > 0,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/** Move the item at index from to index to, in place. */
export function moveItem(list, from, to) {
  const [item] = list.splice(from, 1);
  list.splice(to, 0, item);
}
