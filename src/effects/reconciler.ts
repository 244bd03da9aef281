// The loop every reactor runs on each store change: a step that dispatches re-enters the store's
// listener, so a re-entrant call only asks for one more pass instead of nesting steps.

/** Returns the store listener: runs `step` until no dispatch during it asked for another pass. */
export function reconciler(step: () => void, stopped: () => boolean = () => false): () => void {
  let busy = false;
  let again = false;
  return () => {
    if (stopped()) return;
    if (busy) return void (again = true);
    busy = true;
    try {
      do {
        again = false;
        step();
      } while (again && !stopped());
    } finally {
      busy = false;
    }
  };
}
