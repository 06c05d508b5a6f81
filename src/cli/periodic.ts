import type { Core } from '../core/index.ts';
import type { CliIo } from './context.ts';
import { printable } from './output.ts';

/**
 * Runs the core's periodic jobs (token and membership reminders, ends of memberships) while a
 * server command runs; a failure is one line on stderr, and the jobs go on at the next interval.
 * Returns the function that stops them.
 */
export function holdPeriodicJobs(core: Core, io: CliIo, command: string): () => Promise<void> {
  return core.periodic.hold({
    onError: (error, doing) => io.stderr.write(`kbc-account ${command}: failed ${doing}: ${printable(error instanceof Error ? error.message : String(error))}\n`),
  });
}
