import type { Command } from 'commander';
import { DEFAULT_MEMBER_ROLE, ROLES } from '../../core/constants.ts';
import type { Core, JoinRequestView, ProjectRole } from '../../core/index.ts';
import type { CliContext } from '../context.ts';
import { print, table } from '../output.ts';
import { listPages, moreLines, withPagingOptions } from '../paging.ts';

/** The multi-line description of one request that `approve` and `reject` print. */
function describe(request: JoinRequestView): string {
  return [
    `${request.id} (#${request.numericId}): ${request.name} (${request.email}) → ${request.projectName} (${request.projectId})`,
    `  status: ${request.status}${request.answeredAt ? ` (${request.answeredAt}${request.answeredBy ? ` by ${request.answeredBy}` : ''})` : ''}`,
    ...(request.approvedRole ? [`  role: ${request.approvedRole}`] : []),
    `  asked: ${request.createdAt}; unanswered, it expires ${request.expiresAt}`,
    `  membership: ${request.membershipLifetime ? `for ${request.membershipLifetime} from the approval` : 'no end'}`,
    ...(request.reason ? [`  reason: ${request.reason}`] : []),
    ...(request.rejectionReason ? [`  rejected because: ${request.rejectionReason}`] : []),
  ].join('\n');
}

/**
 * The internal id of the request the operator named: its id (`jrq_…`, as `list` prints it) or
 * its number (`42` or `#42`, as the Management API and Slack show it). Unknown numbers are left
 * for the core to refuse (JOIN_REQUEST_NOT_FOUND) with the id as given.
 */
async function requestIdOf(core: Core, given: string): Promise<string> {
  const number = /^#?([1-9][0-9]{0,14})$/.exec(given.trim());
  if (!number) return given;
  return (await core.idOfNumeric('joinRequests', Number(number[1]))) ?? given;
}

/** `kbc-account admin join-requests …`: the operator answers requests to join projects. */
export function registerJoinRequestsCommands(admin: Command, ctx: CliContext): void {
  const requests = admin.command('join-requests').description('list, approve and reject requests to join projects (as the operator)');

  withPagingOptions(requests.command('list').description('list the pending requests, oldest first: all of them, or one page with --limit'), 'requests')
    .option('--project <id>', 'only the requests to this project')
    .option('--json', 'print JSON ({ items, next })')
    .action(async (options: { project?: string; limit?: number; after?: string; json?: boolean }) => {
      const core = await ctx.core();
      const page = await listPages((page) => core.joinRequests.listPending({ ...page, ...(options.project !== undefined ? { projectId: options.project } : {}) }), options);
      print(ctx.io, options.json, page, () =>
        [
          table(
            ['ID', '#', 'EMAIL', 'PROJECT', 'MEMBERSHIP', 'ASKED', 'EXPIRES', 'REASON'],
            page.items.map((r) => [r.id, String(r.numericId), r.email, `${r.projectName} (${r.projectId})`, r.membershipLifetime ?? 'no end', r.createdAt, r.expiresAt, r.reason ?? '-']),
            options.after === undefined ? 'No pending join requests.' : 'No more pending join requests.',
          ),
          ...moreLines(page, 'requests'),
        ].join('\n'),
      );
    });

  requests
    .command('approve')
    .description('approve a pending request: the requester becomes a member (with the lifetime asked for) and is told')
    .argument('<id>', 'the request id (jrq_…, from `list`) or its number (#42)')
    .option('--role <role>', `the requester's role: ${ROLES.join(', ')}`, DEFAULT_MEMBER_ROLE)
    .option('--json', 'print JSON')
    .action(async (id: string, options: { role: string; json?: boolean }) => {
      const core = await ctx.core();
      // The core judges the role (INVALID_ROLE), as it does an invitation's.
      const approved = await core.joinRequests.approve(await requestIdOf(core, id), undefined, { role: options.role as ProjectRole, via: 'cli' });
      print(ctx.io, options.json, approved, () => `Approved: ${approved.email} is a member of ${approved.projectName} as ${approved.approvedRole ?? options.role}.\n${describe(approved)}`);
    });

  requests
    .command('reject')
    .description('reject a pending request; the requester is told (with the reason, when given)')
    .argument('<id>', 'the request id (jrq_…, from `list`) or its number (#42)')
    .option('--reason <text>', 'why, shown to the requester (at most 500 characters)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { reason?: string; json?: boolean }) => {
      const core = await ctx.core();
      const rejected = await core.joinRequests.reject(await requestIdOf(core, id), undefined, { ...(options.reason !== undefined ? { reason: options.reason } : {}) });
      print(ctx.io, options.json, rejected, () => `Rejected the request of ${rejected.email} to join ${rejected.projectName}.\n${describe(rejected)}`);
    });
}
