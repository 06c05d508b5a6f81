/**
 * A signal inside one dashboard: "this dashboard just changed the data". Polling finds changes
 * made by other processes within an interval; a change made here should show everywhere on
 * screen at once (the header bell after "mark all read", a list after an answer), so every
 * live-data reader subscribes and re-reads when it fires.
 */
export interface DataChanges {
  /** Tells every subscriber to re-read now. */
  readonly notify: () => void;
  /** Calls `listener` on each notify; returns the unsubscribe function. */
  readonly subscribe: (listener: () => void) => () => void;
}

export function createDataChanges(): DataChanges {
  const listeners = new Set<() => void>();
  return {
    notify() {
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
