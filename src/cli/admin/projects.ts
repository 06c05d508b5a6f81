import type { Command } from 'commander';
import { DEFAULT_MEMBER_ROLE, MEMBERSHIP_MAX_DAYS, MFA_DEADLINE_DEFAULT_DAYS, PROJECT_NAME_MAX_LENGTH, ROLES } from '../../core/constants.ts';
import type { ProjectView } from '../../core/index.ts';
import type { CliContext } from '../context.ts';
import { print, table } from '../output.ts';
import { listPages, moreLines, withPagingOptions } from '../paging.ts';
import { integer, isoDate, limitPair, UsageError } from '../usage-error.ts';

const limitsText = (project: ProjectView): string => {
  const limits = Object.entries(project.limits).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (limits.length === 0) return '-';
  return limits.map(([metric, max]) => `${metric}=${max}`).join(', ');
};

/** The entry of `record` for `metric` when it has one of its own: a metric named `constructor` is not Object. */
const own = <T>(record: Readonly<Record<string, T>>, metric: string): T | undefined => (Object.hasOwn(record, metric) ? record[metric] : undefined);

/** The multi-line description `project show` and the member commands print. */
export function describeProject(project: ProjectView): string {
  const metrics = [...new Set([...Object.keys(project.limits), ...Object.keys(project.usage)])].sort();
  const usageRows = metrics.map((metric) => {
    const usage = own(project.usage, metric);
    const limit = own(project.limits, metric);
    return [
      metric,
      usage === undefined ? '-' : String(usage.value),
      limit === undefined ? '-' : String(limit),
      project.breachedMetrics.includes(metric) ? 'OVER LIMIT' : '',
      usage?.recordedAt ?? '-',
    ];
  });
  return [
    `${project.name} (${project.id})`,
    `  created: ${project.createdAt}`,
    ...(project.expiresAt ? [`  expires: ${project.expiresAt}`] : []),
    ...(project.mfaRequired ? [`  requires MFA since ${project.mfaRequired.since}; members without it lose access from ${project.mfaRequired.deadline}`] : []),
    '',
    'Limits and usage:',
    table(['METRIC', 'USAGE', 'LIMIT', 'STATE', 'RECORDED'], usageRows, '(no limits, no usage recorded)'),
    '',
    'Members:',
    table(
      ['EMAIL', 'ROLE', 'JOINED', 'MEMBER UNTIL', 'MFA', 'ACCOUNT'],
      project.members.map((m) => [m.email, m.role, m.joinedAt, m.expiresAt ?? '-', m.mfaEnabled ? 'on' : 'off', m.accountId]),
      '(no members)',
    ),
  ].join('\n');
}

interface MemberOption {
  readonly email: string;
  readonly role?: string;
}

/** Splits `EMAIL[=ROLE]`, collecting repeats; the core judges the email and the role. */
function memberPair(value: string, previous: MemberOption[]): MemberOption[] {
  const at = value.lastIndexOf('=');
  const email = (at < 0 ? value : value.slice(0, at)).trim();
  const role = at < 0 ? undefined : value.slice(at + 1).trim();
  if (email === '' || role === '') throw new UsageError(`--member takes EMAIL or EMAIL=ROLE (e.g. ann@example.com=admin), got "${value}"`);
  return [...previous, role === undefined ? { email } : { email, role }];
}

export function registerProjectsCommands(admin: Command, ctx: CliContext): void {
  const project = admin.command('project').description('create, list and show projects; add and remove members');

  project
    .command('create')
    .description('create a project with optional limits and members')
    .requiredOption('--name <name>', `the project name (1–${PROJECT_NAME_MAX_LENGTH} characters)`)
    .option('--limit <metric=max>', 'a limit such as storage_gb=10 (repeatable)', limitPair, {})
    .option('--member <email[=role]>', 'an existing account to add, e.g. ann@example.com=admin (repeatable; role default guest)', memberPair, [])
    .option('--json', 'print JSON')
    .action(async (options: { name: string; limit: Record<string, number>; member: MemberOption[]; json?: boolean }) => {
      const created = await (await ctx.core()).projects.create({ name: options.name, limits: options.limit, members: options.member });
      print(ctx.io, options.json, created, () => `Created project ${created.name} (${created.id}); limits: ${limitsText(created)}; members: ${created.members.length}.`);
    });

  withPagingOptions(project.command('list').description('list projects by name: all of them, or one page with --limit'), 'projects')
    .option('--json', 'print JSON ({ items, next })')
    .action(async (options: { limit?: number; after?: string; json?: boolean }) => {
      const core = await ctx.core();
      const page = await listPages((page) => core.projects.list(page), options);
      print(ctx.io, options.json, page, () =>
        [
          table(
            ['NAME', 'ID', 'MEMBERS', 'LIMITS', 'OVER LIMIT', 'CREATED'],
            page.items.map((p) => [p.name, p.id, String(p.members.length), limitsText(p), p.breachedMetrics.join(', ') || '-', p.createdAt]),
            options.after === undefined ? 'No projects yet.' : 'No more projects.',
          ),
          ...moreLines(page, 'projects'),
        ].join('\n'),
      );
    });

  project
    .command('show')
    .description("show a project's limits, usage and members")
    .requiredOption('--id <id>', 'the project id')
    .option('--json', 'print JSON')
    .action(async (options: { id: string; json?: boolean }) => {
      const shown = await (await ctx.core()).projects.get(options.id);
      print(ctx.io, options.json, shown, () => describeProject(shown));
    });

  project
    .command('add-member')
    .description('make an existing account a member of a project')
    .requiredOption('--project <id>', 'the project id')
    .requiredOption('--email <email>', "the account's email")
    .option('--role <role>', `one of ${ROLES.join(', ')}`, DEFAULT_MEMBER_ROLE)
    .option('--membership-expires-in <days>', `the membership ends after this many days, 1–${MEMBERSHIP_MAX_DAYS} (default: no end)`)
    .option('--json', 'print JSON')
    .action(async (options: { project: string; email: string; role: string; membershipExpiresIn?: string; json?: boolean }) => {
      const days = options.membershipExpiresIn === undefined ? undefined : integer(options.membershipExpiresIn, '--membership-expires-in');
      const updated = await (await ctx.core()).projects.addMember({
        projectId: options.project,
        email: options.email,
        role: options.role,
        ...(days !== undefined ? { membershipDays: days } : {}),
      });
      const until = updated.members.find((m) => m.email === options.email.trim().toLowerCase())?.expiresAt;
      print(ctx.io, options.json, updated, () =>
        `Added ${options.email.trim()} to ${updated.name} as ${options.role}${until ? `, member until ${until}` : ''}.\n\n${describeProject(updated)}`,
      );
    });

  project
    .command('extend-member')
    .description('move the end of a time-boxed membership')
    .requiredOption('--project <id>', 'the project id')
    .requiredOption('--email <email>', "the member's email")
    .requiredOption('--until <date>', 'the new end: 2026-12-31 (end of that day, UTC) or 2026-12-31T12:00:00Z')
    .option('--json', 'print JSON')
    .action(async (options: { project: string; email: string; until: string; json?: boolean }) => {
      const until = isoDate(options.until, '--until');
      const updated = await (await ctx.core()).projects.extendMember({ projectId: options.project, email: options.email, until });
      print(ctx.io, options.json, updated, () => `${options.email.trim()} is a member of ${updated.name} until ${until.toISOString()}.`);
    });

  project
    .command('require-mfa')
    .description('make a project require MFA of its members (or no longer, with --off); lists the members without MFA')
    .requiredOption('--project <id>', 'the project id')
    .option('--off', 'the project no longer requires MFA')
    .option('--deadline <date>', `members without MFA lose access from this date (default: in ${MFA_DEADLINE_DEFAULT_DAYS} days)`)
    .option('--json', 'print JSON ({ project, membersWithoutMfa })')
    .action(async (options: { project: string; off?: boolean; deadline?: string; json?: boolean }) => {
      if (options.off && options.deadline !== undefined) throw new UsageError('--deadline makes no sense with --off');
      const deadline = options.deadline === undefined ? undefined : isoDate(options.deadline, '--deadline');
      const result = await (await ctx.core()).projects.requireMfa({
        projectId: options.project,
        ...(options.off ? { off: true } : {}),
        ...(deadline ? { deadline } : {}),
      });
      print(ctx.io, options.json, result, () => {
        const { project: shown, membersWithoutMfa } = result;
        if (!shown.mfaRequired) return `${shown.name} no longer requires multi-factor authentication.`;
        return [
          `${shown.name} requires multi-factor authentication. Members without it lose access from ${shown.mfaRequired.deadline}.`,
          membersWithoutMfa.length === 0
            ? 'Every member has MFA enabled.'
            : `Members without MFA (each told in the bell and by Slack DM):\n${table(['EMAIL', 'NAME', 'ACCOUNT'], membersWithoutMfa.map((m) => [m.email, m.name, m.accountId]), '')}`,
        ].join('\n');
      });
    });

  project
    .command('sweep-memberships')
    .description('send the membership reminders due and end the memberships whose time has come (every long-running process, `slack`, `api`, `ssh` and the dashboard, does this every minute; safe to run from cron too)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const result = await (await ctx.core()).projects.sweepMemberships();
      print(ctx.io, options.json, result, () => `Sent ${result.reminded} reminder(s); ended ${result.ended} membership(s).`);
    });

  project
    .command('remove-member')
    .description('remove a member from a project (they stop seeing its notifications)')
    .requiredOption('--project <id>', 'the project id')
    .requiredOption('--email <email>', "the member's email")
    .option('--json', 'print JSON')
    .action(async (options: { project: string; email: string; json?: boolean }) => {
      const updated = await (await ctx.core()).projects.removeMember({ projectId: options.project, email: options.email });
      print(ctx.io, options.json, updated, () => `Removed ${options.email.trim()} from ${updated.name}.`);
    });
}
