import type { Command } from 'commander';
import type { LinkedAccountView, OutboxEntryView } from '../../core/index.ts';
import type { CliContext } from '../context.ts';
import { print, table } from '../output.ts';
import { listPages, moreLines, withPagingOptions, type PagingOptions } from '../paging.ts';

const linkRows = (links: readonly LinkedAccountView[]) =>
  links.map((link) => [link.email ?? `(account ${link.accountId} gone)`, link.userId, link.teamId, link.enterpriseId ?? '', link.linkedAt]);

const entryRows = (entries: readonly OutboxEntryView[]) =>
  entries.map((entry) => [
    entry.id,
    entry.kind,
    entry.email ?? entry.accountId,
    entry.status === 'pending' ? (entry.inFlight ? 'sending' : `next ${entry.nextAttemptAt}`) : entry.status,
    String(entry.attempts),
    entry.createdAt,
    entry.lastError ?? '',
  ]);

/** `--json` given to a subcommand of `outbox`: commander hands it to `outbox`, which has one too. */
const jsonWanted = (command: Command): boolean => Boolean(command.optsWithGlobals<{ json?: boolean }>().json);

/** `kbc-account admin slack …`: who is linked, ending a link, and the outbox of Slack messages. */
export function registerSlackAdminCommands(admin: Command, ctx: CliContext): void {
  const slack = admin.command('slack').description('Slack links and the outbox of Slack messages: links, unlink, outbox (retry, discard)');

  withPagingOptions(slack.command('links').description('list the accounts linked to a Slack user, and since when (oldest first)'), 'links')
    .option('--json', 'print JSON')
    .action(async (options: PagingOptions & { json?: boolean }) => {
      const core = await ctx.core();
      const page = await listPages((query) => core.slackLink.links(query), options);
      print(ctx.io, options.json, page, () =>
        [table(['email', 'slack user', 'team', 'enterprise', 'linked at'], linkRows(page.items), '(no account is linked to Slack)'), ...moreLines(page, 'links')].join('\n'),
      );
    });

  slack
    .command('unlink')
    .description("end an account's Slack link (someone who left); recorded in its security activity, and the Slack user is told")
    .requiredOption('--email <email>', "the account's email")
    .option('--json', 'print JSON')
    .action(async (options: { email: string; json?: boolean }) => {
      const ended = await (await ctx.core()).slackLink.unlinkByEmail(options.email);
      print(ctx.io, options.json, ended, () => `Unlinked ${ended.email ?? ended.accountId} from Slack user ${ended.userId} (team ${ended.teamId}, linked since ${ended.linkedAt}).`);
    });

  const outbox = withPagingOptions(
    slack.command('outbox').description('list Slack messages waiting to go out (or, with --failed, given up); subcommands retry and discard'),
    'entries',
  )
    .option('--failed', 'list the entries given up (newest first) instead of the pending ones')
    .option('--json', 'print JSON')
    .action(async (options: PagingOptions & { failed?: boolean; json?: boolean }) => {
      const core = await ctx.core();
      const status = options.failed ? 'failed' : 'pending';
      const page = await listPages((query) => core.outbox.admin.list({ status, ...query }), options);
      print(ctx.io, options.json, page, () =>
        [
          table(['id', 'kind', 'account', 'state', 'attempts', 'created', 'last error'], entryRows(page.items), options.failed ? '(no failed entries)' : '(nothing waiting)'),
          ...moreLines(page, 'entries'),
        ].join('\n'),
      );
    });

  outbox
    .command('retry')
    .description('send a failed entry again (its attempts start from zero); recorded in the account security activity')
    .requiredOption('--id <id>', 'the entry id (out_…)')
    .option('--json', 'print JSON')
    .action(async (options: { id: string }, command: Command) => {
      const entry = await (await ctx.core()).outbox.admin.retry(options.id);
      print(ctx.io, jsonWanted(command), entry, () => `Queued ${entry.id} (${entry.kind} for ${entry.email ?? entry.accountId}) to be sent again.`);
    });

  outbox
    .command('discard')
    .description('give up a pending entry, or remove a failed one; recorded in the account security activity')
    .requiredOption('--id <id>', 'the entry id (out_…)')
    .option('--json', 'print JSON')
    .action(async (options: { id: string }, command: Command) => {
      const entry = await (await ctx.core()).outbox.admin.discard(options.id);
      const what = entry.status === 'pending' ? 'Gave up' : 'Removed';
      print(ctx.io, jsonWanted(command), entry, () => `${what} ${entry.id} (${entry.kind} for ${entry.email ?? entry.accountId}).`);
    });
}
