import type { Command } from 'commander';
import { DEFAULT_MEMBER_ROLE, PROJECT_NAME_MAX_LENGTH, ROLES } from '../../core/constants.ts';
import type { ProjectView } from '../../core/index.ts';
import type { CliContext } from '../context.ts';
import { print, table } from '../output.ts';
import { listPages, moreLines, withPagingOptions } from '../paging.ts';
import { limitPair, UsageError } from '../usage-error.ts';

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
    '',
    'Limits and usage:',
    table(['METRIC', 'USAGE', 'LIMIT', 'STATE', 'RECORDED'], usageRows, '(no limits, no usage recorded)'),
    '',
    'Members:',
    table(['EMAIL', 'ROLE', 'JOINED', 'ACCOUNT'], project.members.map((m) => [m.email, m.role, m.joinedAt, m.accountId]), '(no members)'),
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
    .option('--json', 'print JSON')
    .action(async (options: { project: string; email: string; role: string; json?: boolean }) => {
      const updated = await (await ctx.core()).projects.addMember({ projectId: options.project, email: options.email, role: options.role });
      print(ctx.io, options.json, updated, () => `Added ${options.email.trim()} to ${updated.name} as ${options.role}.\n\n${describeProject(updated)}`);
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
