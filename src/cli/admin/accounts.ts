import type { Command } from 'commander';
import type { AccountSummary } from '../../core/index.ts';
import { readStdin, type CliContext } from '../context.ts';
import { askNewPassword } from '../password-prompt.ts';
import { print, table } from '../output.ts';
import { listPages, moreLines, withPagingOptions } from '../paging.ts';
import { UsageError } from '../usage-error.ts';

const describe = (account: AccountSummary) =>
  [
    `${account.email} (${account.id})`,
    `  name: ${account.name}`,
    `  created: ${account.createdAt}`,
    `  MFA: ${account.mfaEnabled ? `on, ${account.recoveryCodesLeft} recovery codes left` : 'off'}`,
    ...(account.lockedUntil ? [`  locked until: ${account.lockedUntil}`] : []),
  ].join('\n');

export function registerAccountCommands(admin: Command, ctx: CliContext): void {
  const account = admin.command('account').description('create, list, unlock accounts and reset their MFA');

  account
    .command('create')
    .description('create an account; on a terminal it asks for the password (hidden, twice), scripts pipe it in with --password-stdin')
    .requiredOption('--email <email>', 'the email, which identifies the account and cannot be changed')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--password-stdin', 'read the password from standard input (for scripts), e.g. printf %s "$PW" | …')
    .option('--json', 'print JSON')
    .action(async (options: { email: string; name?: string; passwordStdin?: boolean; json?: boolean }) => {
      let password: string;
      if (options.passwordStdin) {
        if (ctx.io.stdin.isTTY) throw new UsageError('--password-stdin needs the password piped in, e.g. printf %s "$PW" | kbc-account …; leave it out to be asked for it');
        password = await readStdin(ctx.io.stdin);
        if (password === '') throw new UsageError('no password arrived on standard input; pipe it in, e.g. printf %s "$PW" | kbc-account …');
      } else if (ctx.io.stdin.isTTY) {
        const { passwordProblem } = await import('../../core/index.ts');
        password = await askNewPassword(ctx.io, async (candidate) => (await passwordProblem(candidate, { email: options.email }))?.message ?? null);
      } else {
        // Never as an argument, where it would land in shell history and the process list.
        throw new UsageError('standard input is not a terminal to ask for the password on: pipe it in with --password-stdin, e.g. printf %s "$PW" | kbc-account …');
      }
      // Opened only now: a wrong invocation or an abandoned prompt leaves no data directory behind.
      const core = await ctx.core();
      const created = await core.accounts.create({ email: options.email, password, ...(options.name ? { name: options.name } : {}) });
      print(ctx.io, options.json, created, () => `Created account ${created.email} (${created.id}).`);
    });

  withPagingOptions(account.command('list').description('list accounts by email: all of them, one page with --limit, or one account with --email'), 'accounts')
    .option('--email <email>', 'show only the account with this email')
    .option('--json', 'print JSON ({ items, next } for a list)')
    .action(async (options: { email?: string; limit?: number; after?: string; json?: boolean }) => {
      const core = await ctx.core();
      if (options.email !== undefined) {
        if (options.limit !== undefined || options.after !== undefined) throw new UsageError('--email shows one account; leave out --limit and --after');
        const found = await core.accounts.getByEmail(options.email);
        print(ctx.io, options.json, found, () => describe(found));
        return;
      }
      const page = await listPages((page) => core.accounts.list(page), options);
      print(ctx.io, options.json, page, () =>
        [
          table(
            ['EMAIL', 'NAME', 'MFA', 'LOCKED UNTIL', 'CREATED', 'ID'],
            page.items.map((a) => [a.email, a.name, a.mfaEnabled ? 'on' : 'off', a.lockedUntil ?? '-', a.createdAt, a.id]),
            options.after === undefined ? 'No accounts yet.' : 'No more accounts.',
          ),
          ...moreLines(page, 'accounts'),
        ].join('\n'),
      );
    });

  account
    .command('unlock')
    .description('lift the sign-in wait of an email after wrong passwords, and a lock after wrong codes')
    .requiredOption('--email <email>', "the account's email")
    .option('--json', 'print JSON')
    .action(async (options: { email: string; json?: boolean }) => {
      const unlocked = await (await ctx.core()).accounts.unlock(options.email);
      print(ctx.io, options.json, unlocked, () => `Unlocked ${unlocked.email}.\n${describe(unlocked)}`);
    });

  account
    .command('reset-mfa')
    .description('turn MFA off for an account that lost its device and recovery codes')
    .requiredOption('--email <email>', "the account's email")
    .option('--json', 'print JSON')
    .action(async (options: { email: string; json?: boolean }) => {
      const reset = await (await ctx.core()).accounts.resetMfa(options.email);
      print(ctx.io, options.json, reset, () => `MFA reset for ${reset.email}; they can enable it again from the dashboard.`);
    });
}
