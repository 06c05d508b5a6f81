/** How often a long-running process runs the periodic jobs, in ms. */
export const PERIODIC_INTERVAL_MS = 60_000;

/** One job the long-running processes run every PERIODIC_INTERVAL_MS. */
export interface PeriodicJob {
  /** What it does, in words, for logs: "sending token expiry reminders". */
  readonly doing: string;
  /** Does what is due now; safe to run from any number of processes at once, as often as wanted. */
  run(): Promise<unknown>;
}

/** What one run did: each job's result, or its failure (one failing job does not stop the others). */
export interface PeriodicRun {
  readonly results: readonly { readonly doing: string; readonly result?: unknown; readonly error?: unknown }[];
}

/** Where a holder wants failures reported. */
export interface PeriodicHolder {
  readonly onError: (error: unknown, doing: string) => void;
}

/** The timer functions the scheduler uses; tests hand in fakes. */
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms);
    // A waiting job never keeps a process alive: the server, dashboard or app it serves does.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * One scheduler per core: the Slack app, the API server, the SSH server and every dashboard of
 * a process `hold` it, and the jobs run once at the first hold and then every `intervalMs` while
 * anyone holds it, never two runs at once in one process. Other processes run their own: the jobs
 * themselves make that safe (each reminder and each end of a membership happens once).
 */
export function createPeriodicJobs(jobs: readonly PeriodicJob[], options: { readonly intervalMs?: number; readonly timers?: Timers } = {}) {
  const intervalMs = options.intervalMs ?? PERIODIC_INTERVAL_MS;
  const timers = options.timers ?? realTimers;
  const holders: PeriodicHolder[] = [];
  let timer: unknown = null;
  let running: Promise<PeriodicRun> | null = null;

  /** Runs every job once now (or joins the run in progress); failures are in the result, not thrown. */
  function runDue(): Promise<PeriodicRun> {
    running ??= (async () => {
      const results: PeriodicRun['results'][number][] = [];
      for (const job of jobs) {
        try {
          results.push({ doing: job.doing, result: await job.run() });
        } catch (error) {
          results.push({ doing: job.doing, error });
        }
      }
      return { results };
    })().finally(() => {
      running = null;
    });
    return running;
  }

  /** True from a tick's start until its next one is scheduled (or it found nobody holding). */
  let ticking = false;

  async function tick(): Promise<void> {
    timer = null;
    ticking = true;
    try {
      const run = await runDue();
      // One report per failure: to the holder that has held longest (a server's log, not each session's).
      for (const { doing, error } of run.results) if (error !== undefined) holders[0]?.onError(error, doing);
    } finally {
      ticking = false;
      if (holders.length > 0 && timer === null) timer = timers.setTimeout(() => void tick(), intervalMs);
    }
  }

  return {
    runDue,
    /**
     * Keeps the jobs running until the returned function is called: the first holder starts them
     * (a run at once), the last one to let go stops them (and waits for a run in progress).
     */
    hold(holder: PeriodicHolder): () => Promise<void> {
      holders.push(holder);
      if (holders.length === 1 && timer === null && !ticking) void tick();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        holders.splice(holders.indexOf(holder), 1);
        if (holders.length > 0) return;
        if (timer !== null) timers.clearTimeout(timer);
        timer = null;
        await running;
      };
    },
    /** True while anyone holds the jobs. */
    get held(): boolean {
      return holders.length > 0;
    },
    /** Lets every holder go and waits for a run in progress: before the store closes. */
    async stop(): Promise<void> {
      holders.splice(0);
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

export type PeriodicJobs = ReturnType<typeof createPeriodicJobs>;
