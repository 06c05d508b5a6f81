import { Option, type Command } from 'commander';
import {
  INVITATION_DEFAULT_EXPIRY_DAYS,
  INVITATION_DEFAULT_ROLE,
  INVITATION_MAX_EXPIRY_DAYS,
  INVITATION_MIN_EXPIRY_DAYS,
  INVITATION_STATES,
  MEMBERSHIP_MAX_DAYS,
  ROLES,
} from '../../core/constants.ts';
import type { InvitationFilter, InvitationState, InvitationView } from '../../core/index.ts';
import type { CliContext } from '../context.ts';
import { print, table } from '../output.ts';
import { listPages, moreLines, withPagingOptions } from '../paging.ts';
import { integer, UsageError } from '../usage-error.ts';
import { readTextFile } from '../text-file.ts';

const describe = (invitation: InvitationView) =>
  [
    `${invitation.id}: ${invitation.email} → ${invitation.projectName} (${invitation.projectId}) as ${invitation.role}`,
    `  status: ${invitation.status}${invitation.answeredAt ? ` (${invitation.answeredAt})` : ''}`,
    `  invited by: ${invitation.invitedBy} on ${invitation.createdAt}`,
    `  expires: ${invitation.expiresAt}`,
    ...(invitation.reason ? [`  reason: ${invitation.reason}`] : []),
    ...(invitation.membershipDays ? [`  membership: ${invitation.membershipDays} days from the accept`] : []),
    ...(invitation.projectRequiresMfa ? ['  the project requires MFA: the invitee must enable it to accept'] : []),
  ].join('\n');

function state(value: string): InvitationState {
  if (!(INVITATION_STATES as readonly string[]).includes(value)) {
    throw new UsageError(`--status must be one of ${INVITATION_STATES.join(', ')}, got "${value}"`);
  }
  return value as InvitationState;
}

export function registerInvitationsCommands(admin: Command, ctx: CliContext): void {
  admin
    .command('invite')
    .description('invite an email to a project; it need not have an account yet')
    .requiredOption('--project <id>', 'the project id')
    .requiredOption('--email <email>', "the invitee's email")
    .option('--role <role>', `the role on joining: ${ROLES.join(', ')} (default: ${INVITATION_DEFAULT_ROLE})`)
    .option(
      '--expires-in <days>',
      `days until the invitation expires, ${INVITATION_MIN_EXPIRY_DAYS}–${INVITATION_MAX_EXPIRY_DAYS} (default: ${INVITATION_DEFAULT_EXPIRY_DAYS})`,
    )
    .option('--reason <text>', 'a note shown to the invitee')
    .addOption(new Option('--reason-file <path>', 'read the note from this UTF-8 file, or from standard input with -').conflicts('reason'))
    .option('--membership-expires-in <days>', `the membership ends this many days after the accept, 1–${MEMBERSHIP_MAX_DAYS} (default: no end)`)
    .option('--json', 'print JSON')
    .action(async (options: { project: string; email: string; role?: string; expiresIn?: string; reason?: string; reasonFile?: string; membershipExpiresIn?: string; json?: boolean }) => {
      const expiresInDays = options.expiresIn === undefined ? undefined : integer(options.expiresIn, '--expires-in');
      const membershipDays = options.membershipExpiresIn === undefined ? undefined : integer(options.membershipExpiresIn, '--membership-expires-in');
      const reason = options.reasonFile === undefined ? options.reason : await readTextFile(ctx.io, options.reasonFile, '--reason-file');
      const core = await ctx.core();
      const invitation = await core.invitations.create({
        projectId: options.project,
        email: options.email,
        ...(options.role !== undefined ? { role: options.role } : {}),
        ...(expiresInDays !== undefined ? { expiresInDays } : {}),
        ...(reason !== undefined ? { reason } : {}),
        ...(membershipDays !== undefined ? { membershipExpiresInDays: membershipDays } : {}),
      });
      const hasAccount = (await core.accounts.findByEmail(invitation.email)) !== null;
      print(ctx.io, options.json, { ...invitation, inviteeHasAccount: hasAccount }, () =>
        [
          `Invited ${invitation.email} to ${invitation.projectName} as ${invitation.role}.`,
          describe(invitation),
          hasAccount ? '' : `  ${invitation.email} has no account yet; the invitation waits until one is created.`,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  const invitation = admin.command('invitation').description('list and cancel invitations');

  withPagingOptions(invitation.command('list').description('list invitations, newest first: all of them, or one page with --limit'), 'invitations')
    .option('--project <id>', 'only this project')
    .option('--email <email>', 'only this invitee')
    .option('--status <status>', `only this status: ${INVITATION_STATES.join(', ')}`)
    .option('--json', 'print JSON ({ items, next })')
    .action(async (options: { project?: string; email?: string; status?: string; limit?: number; after?: string; json?: boolean }) => {
      const status = options.status === undefined ? undefined : state(options.status);
      const filter: InvitationFilter = {
        ...(options.project !== undefined ? { projectId: options.project } : {}),
        ...(options.email !== undefined ? { email: options.email } : {}),
        ...(status !== undefined ? { status } : {}),
      };
      const core = await ctx.core();
      // A filtered page may be short (even empty) while more follow: the core reads a bounded page and filters it.
      const page = await listPages((page) => core.invitations.list({ ...filter, ...page }), options);
      print(ctx.io, options.json, page, () =>
        [
          table(
            ['ID', 'EMAIL', 'PROJECT', 'ROLE', 'STATUS', 'EXPIRES', 'INVITED BY'],
            page.items.map((i) => [i.id, i.email, `${i.projectName} (${i.projectId})`, i.role, i.status, i.expiresAt, i.invitedBy]),
            'No invitations.',
          ),
          ...moreLines(page, 'invitations'),
        ].join('\n'),
      );
    });

  invitation
    .command('cancel')
    .description('withdraw a pending invitation; the invitee can no longer accept it')
    .requiredOption('--id <id>', 'the invitation id (see `admin invitation list`)')
    .option('--json', 'print JSON')
    .action(async (options: { id: string; json?: boolean }) => {
      const cancelled = await (await ctx.core()).invitations.cancel(options.id);
      print(ctx.io, options.json, cancelled, () => `Cancelled the invitation of ${cancelled.email} to ${cancelled.projectName}.\n${describe(cancelled)}`);
    });
}
