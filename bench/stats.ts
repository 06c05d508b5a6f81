/** Percentiles of timing samples, and interleaved subject/baseline sampling that shares the noise. */

export interface Summary {
  /** Number of samples. */
  readonly n: number;
  /** Milliseconds. */
  readonly p50: number;
  /** Milliseconds. */
  readonly p95: number;
  /** Milliseconds. */
  readonly mean: number;
}

export interface Comparison {
  readonly subject: Summary;
  readonly baseline: Summary;
  /** subject.p50 / baseline.p50 */
  readonly ratioP50: number;
  /** subject.p95 / baseline.p95 */
  readonly ratioP95: number;
}

/** The `p`-th percentile (0–100) of `samples` by linear interpolation between the closest ranks. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function summarize(samples: readonly number[]): Summary {
  const mean = samples.reduce((sum, value) => sum + value, 0) / Math.max(1, samples.length);
  return { n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), mean };
}

/** What an operation returns when it timed a part of itself (ms) instead of the whole call. */
export class Measured {
  constructor(readonly ms: number) {}
}

/** Times one call of `run` in milliseconds, or takes the time it reports as Measured. */
export async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  const result = await run();
  const end = performance.now();
  return result instanceof Measured ? result.ms : end - start;
}

export interface InterleaveOptions {
  /** One measured operation; may return Measured (its own duration), else the call is timed. */
  readonly subject: () => Promise<unknown>;
  readonly baseline: () => Promise<unknown>;
  /** Untimed runs of each first (JIT, caches, file-system state). */
  readonly warmup: number;
  /** Pairs measured at least, whatever the time budget says. */
  readonly minPairs: number;
  /** Pairs measured at most. */
  readonly maxPairs: number;
  /** Stop adding pairs once this much time (ms) went into the measured pairs. */
  readonly budgetMs: number;
  /** Called between samples (not timed), e.g. to let background work settle. */
  readonly between?: () => Promise<void>;
}

/**
 * Alternates subject and baseline (ABBA order, so neither always runs first) until `maxPairs`
 * or the time budget, so both see the same machine noise; returns both summaries and ratios.
 */
export async function interleave(options: InterleaveOptions): Promise<Comparison> {
  for (let i = 0; i < options.warmup; i++) {
    await options.subject();
    await options.between?.();
    await options.baseline();
    await options.between?.();
  }
  const subject: number[] = [];
  const baseline: number[] = [];
  const started = performance.now();
  for (let pair = 0; pair < options.maxPairs; pair++) {
    if (pair >= options.minPairs && performance.now() - started > options.budgetMs) break;
    const order = pair % 2 === 0 ? (['s', 'b'] as const) : (['b', 's'] as const);
    for (const which of order) {
      const sample = await time(which === 's' ? options.subject : options.baseline);
      (which === 's' ? subject : baseline).push(sample);
      await options.between?.();
    }
  }
  return compare(subject, baseline);
}

export function compare(subjectSamples: readonly number[], baselineSamples: readonly number[]): Comparison {
  const subject = summarize(subjectSamples);
  const baseline = summarize(baselineSamples);
  return { subject, baseline, ratioP50: subject.p50 / baseline.p50, ratioP95: subject.p95 / baseline.p95 };
}

/** Median duration (ms) of `runs` synchronous calls of `run`. */
export function medianSync(runs: number, run: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return percentile(samples, 50);
}
