import type { Command } from 'commander';
import type { PromoCodeView } from '../../core/index.ts';
import type { CliContext } from '../context.ts';
import { print, table } from '../output.ts';
import { listPages, moreLines, withPagingOptions } from '../paging.ts';
import { integer, isoDate, limitPair } from '../usage-error.ts';

const limitsText = (limits: Readonly<Record<string, number>>): string =>
  Object.entries(limits)
    .map(([metric, max]) => `${metric}=${max}`)
    .join(', ') || 'none';

const usesText = (promo: PromoCodeView): string => `${promo.uses}/${promo.maxUses ?? 'unlimited'}`;

const stateText = (promo: PromoCodeView): string => (promo.expired ? 'expired' : promo.usedUp ? 'used up' : 'active');

const describe = (promo: PromoCodeView): string =>
  [
    `${promo.code}${promo.description ? ` — ${promo.description}` : ''}`,
    `  uses: ${usesText(promo)}`,
    `  code expires: ${promo.expiresAt ?? 'never'}`,
    `  new project: name "${promo.project.namePrefix}<name>", limits ${limitsText(promo.project.limits)}, ` +
      `expires ${promo.project.expiresInDays === null ? 'never' : `${promo.project.expiresInDays} days after redemption`}`,
  ].join('\n');

interface CreateOptions {
  code: string;
  description?: string;
  maxUses?: number;
  expiresAt?: Date;
  projectExpiresIn?: number;
  limit?: Record<string, number>;
  namePrefix?: string;
  json?: boolean;
}

export function registerPromoCommands(admin: Command, ctx: CliContext): void {
  const promo = admin.command('promo').description('create and list promo codes, which let an account create a new project');

  promo
    .command('create')
    .description('create a promo code; redeeming it creates a NEW project with these settings')
    .requiredOption('--code <code>', '3–32 letters, digits, _ or - (case does not matter)')
    .option('--description <text>', 'what the code is for, e.g. the event')
    .option('--max-uses <n>', 'how many accounts may redeem it (default: unlimited)', (value) => integer(value, '--max-uses'))
    .option('--expires-at <date>', 'when the code stops working (default: never)', (value) => isoDate(value, '--expires-at'))
    .option('--project-expires-in <days>', 'lifetime of each created project (default: no expiry)', (value) => integer(value, '--project-expires-in'))
    .option('--limit <metric=max>', 'a limit of each created project; repeat for more', limitPair)
    .option('--name-prefix <prefix>', 'put before the project name the redeemer chooses, e.g. "Hackathon: "')
    .option('--json', 'print JSON')
    .action(async (options: CreateOptions) => {
      const created = await (await ctx.core()).promo.create({
        code: options.code,
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(options.maxUses !== undefined ? { maxUses: options.maxUses } : {}),
        ...(options.expiresAt !== undefined ? { expiresAt: options.expiresAt } : {}),
        project: {
          ...(options.namePrefix !== undefined ? { namePrefix: options.namePrefix } : {}),
          ...(options.limit !== undefined ? { limits: options.limit } : {}),
          ...(options.projectExpiresIn !== undefined ? { expiresInDays: options.projectExpiresIn } : {}),
        },
      });
      print(ctx.io, options.json, created, () => `Created promo code ${created.code}.\n${describe(created)}`);
    });

  withPagingOptions(promo.command('list').description('list promo codes, newest first, with their uses: all of them, or one page with --limit'), 'codes')
    .option('--json', 'print JSON ({ items, next })')
    .action(async (options: { limit?: number; after?: string; json?: boolean }) => {
      const core = await ctx.core();
      const page = await listPages((page) => core.promo.list(page), options);
      print(ctx.io, options.json, page, () =>
        [
          table(
            ['CODE', 'USES', 'STATE', 'EXPIRES', 'PROJECT LIMITS', 'PROJECT DAYS', 'DESCRIPTION'],
            page.items.map((c) => [
              c.code,
              usesText(c),
              stateText(c),
              c.expiresAt ?? 'never',
              limitsText(c.project.limits),
              c.project.expiresInDays === null ? '-' : String(c.project.expiresInDays),
              c.description,
            ]),
            options.after === undefined ? 'No promo codes yet.' : 'No more promo codes.',
          ),
          ...moreLines(page, 'promo codes'),
        ].join('\n'),
      );
    });
}
