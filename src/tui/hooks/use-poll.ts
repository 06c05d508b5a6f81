import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { useDashboard } from '../context.tsx';
import { isExpectedError } from '../messages.ts';

export interface Polled<T> {
  /** Undefined until the first load finished. */
  readonly data: T | undefined;
  /** The last load's error, cleared by the next successful load. */
  readonly error: unknown;
  /** Re-reads now, e.g. right after this dashboard changed something. */
  readonly reload: () => void;
}

/** Even when nothing changed, re-read this often so relative times and expiry badges move on. */
const MAX_STALE_MS = 30_000;

/**
 * Live data: runs `load` now and then every poll interval, so what other processes change (the
 * operator CLI, the Slack app) shows up within seconds. Each tick first asks the core for its
 * data version, which costs nothing when the file did not change, and calls `load` only when
 * the version moved (or `deps` changed, or `reload` was called). When this dashboard itself
 * changed data (`changes.notify()`, which useAction calls after each success), it re-reads at
 * once, so the header bell and the lists do not lag one interval behind the user's own action.
 * `options.enabled` false stops all of it (the data stays as last read). `options.initial` is the
 * data shown before the first load: a first load that finds the same value then draws nothing.
 */
export function usePoll<T>(load: () => Promise<T>, deps: DependencyList, options: { readonly enabled?: boolean; readonly initial?: T } = {}): Polled<T> {
  // Disabled (e.g. nobody logged in): no reads, no timer, so nothing re-renders on its account.
  const enabled = options.enabled ?? true;
  const { core, pollIntervalMs, logError, changes } = useDashboard();
  const [state, setState] = useState<{ data: T | undefined; error: unknown }>({ data: options.initial, error: null });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (!enabled) return undefined;
    let cancelled = false;
    let running = false;
    // A change signalled during a read may have landed after that read: read once more afterwards.
    let again = false;
    let lastVersion: unknown = undefined;
    let loadedAt = 0;
    const tick = async (force: boolean) => {
      if (running) {
        again ||= force;
        return;
      }
      running = true;
      try {
        const version = await core.version();
        const stale = Date.now() - loadedAt > MAX_STALE_MS;
        if (!force && !stale && version === lastVersion) return;
        lastVersion = version;
        loadedAt = Date.now();
        const data = await loadRef.current();
        // The same value again (a count that did not move) keeps the state: no render, no frame.
        if (!cancelled) setState((previous) => (Object.is(previous.data, data) && previous.error === null ? previous : { data, error: null }));
      } catch (error) {
        if (!isExpectedError(error)) logError(error, 'reading live data');
        if (!cancelled) setState((previous) => ({ data: previous.data, error }));
      } finally {
        running = false;
        if (again && !cancelled) {
          again = false;
          void tick(true);
        }
      }
    };
    void tick(true);
    const timer = setInterval(() => void tick(false), pollIntervalMs);
    const unsubscribe = changes.subscribe(() => void tick(true));
    return () => {
      cancelled = true;
      clearInterval(timer);
      unsubscribe();
    };
    // `deps` are the caller's inputs to `load`; `generation` forces a re-read.
  }, [core, pollIntervalMs, logError, changes, generation, enabled, ...deps]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data: state.data, error: state.error, reload };
}
