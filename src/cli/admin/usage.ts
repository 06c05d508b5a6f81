import type { Command } from 'commander';
import type { UsageResult } from '../../core/index.ts';
import type { CliContext } from '../context.ts';
import { print } from '../output.ts';
import { decimal } from '../usage-error.ts';

function describeUsage(result: UsageResult): string {
  const head = `Recorded ${result.metric} = ${result.value} for ${result.projectName} (${result.projectId}).`;
  if (result.limit === null) return `${head}\nNo limit is set for ${result.metric}; nothing to check.`;
  if (result.breached) {
    return `${head}\nLimit ${result.limit} breached: notification ${result.notificationId} published to ${result.recipients} member(s).`;
  }
  if (result.overLimit) return `${head}\nStill over the limit of ${result.limit}; members were already notified of this breach.`;
  if (result.rearmed) return `${head}\nBack within the limit of ${result.limit}; the next breach will notify again.`;
  return `${head}\nWithin the limit of ${result.limit}.`;
}

export function registerUsageCommands(admin: Command, ctx: CliContext): void {
  admin
    .command('usage')
    .description("record a project's usage of a metric; crossing its limit notifies the members once")
    .requiredOption('--project <id>', 'the project id')
    .requiredOption('--metric <metric>', 'the metric, e.g. storage_gb')
    .requiredOption('--value <number>', 'the current value (a number of at least 0)')
    .option('--json', 'print JSON')
    .action(async (options: { project: string; metric: string; value: string; json?: boolean }) => {
      const value = decimal(options.value, '--value');
      const result = await (await ctx.core()).projects.recordUsage({ projectId: options.project, metric: options.metric, value });
      print(ctx.io, options.json, result, () => describeUsage(result));
    });
}
