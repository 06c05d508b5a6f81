import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A JSON-lines file the scenarios append their counts to; printed when the run ends. */
    faultsSummaryFile: string;
  }
}

/** What one scenario counted, printed as one row at the end of the run. */
export type Counts = Readonly<Record<string, number | string>>;

/** Records a scenario's counts for the summary printed after the run (see global-setup.ts). */
export function recordCounts(scenario: string, counts: Counts): void {
  appendFileSync(inject('faultsSummaryFile'), `${JSON.stringify({ scenario, counts })}\n`);
}
