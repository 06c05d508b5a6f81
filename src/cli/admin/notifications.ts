import { Option, type Command } from 'commander';
import { NOTIFICATION_KINDS, NOTIFICATION_MESSAGE_MAX_LENGTH, NOTIFICATION_TITLE_MAX_LENGTH } from '../../core/constants.ts';
import type { AudienceInput } from '../../core/index.ts';
import type { CliContext } from '../context.ts';
import { print } from '../output.ts';
import { isoDate, UsageError } from '../usage-error.ts';
import { readTextFile } from '../text-file.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface NotifyOptions {
  title: string;
  message?: string;
  messageFile?: string;
  kind: string;
  link?: string;
  expiresAt?: string;
  project?: string;
  account: string[];
  json?: boolean;
}

function audienceOf(options: NotifyOptions): AudienceInput {
  if (options.project !== undefined && options.account.length > 0) {
    throw new UsageError('pass either --project or --account, not both');
  }
  if (options.project !== undefined) return { type: 'project', projectId: options.project };
  if (options.account.length > 0) return { type: 'accounts', emails: options.account };
  return { type: 'all' };
}

export function registerNotificationsCommands(admin: Command, ctx: CliContext): void {
  admin
    .command('notify')
    .description("publish a notification to everyone (default), a project's members or given accounts")
    .requiredOption('--title <title>', `the title (1–${NOTIFICATION_TITLE_MAX_LENGTH} characters)`)
    .option('--message <message>', `the message (1–${NOTIFICATION_MESSAGE_MAX_LENGTH} characters); or --message-file`)
    .addOption(
      new Option('--message-file <path>', 'read the message from this UTF-8 file, or from standard input with -').conflicts('message'),
    )
    .option('--kind <kind>', `one of ${NOTIFICATION_KINDS.join(', ')}`, 'announcement')
    .option('--link <url>', 'an http(s) link to more information')
    .option('--expires-at <date>', 'hide it after this date (e.g. 2026-12-31 or 2026-12-31T12:00:00Z)')
    .option('--project <id>', "only this project's members")
    .option('--account <email>', 'only this account (repeatable)', collect, [])
    .option('--json', 'print JSON')
    .action(async (options: NotifyOptions) => {
      const audience = audienceOf(options);
      if (options.message === undefined && options.messageFile === undefined) {
        throw new UsageError('give the message with --message TEXT or --message-file PATH (- for standard input)');
      }
      const message = options.messageFile === undefined ? options.message! : await readTextFile(ctx.io, options.messageFile, '--message-file');
      const expiresAt = options.expiresAt === undefined ? null : isoDate(options.expiresAt, '--expires-at');
      const published = await (await ctx.core()).notifications.publish({
        kind: options.kind,
        title: options.title,
        message,
        link: options.link ?? null,
        expiresAt,
        audience,
      });
      const { notification, recipients } = published;
      const to =
        notification.audience.type === 'project'
          ? `the members of ${notification.audience.projectName ?? notification.audience.projectId}`
          : notification.audience.type === 'accounts'
            ? 'the given accounts'
            : 'everyone';
      print(ctx.io, options.json, published, () => `Published ${notification.kind} ${notification.id} to ${to}: reaches ${recipients} account(s) now.`);
    });
}
