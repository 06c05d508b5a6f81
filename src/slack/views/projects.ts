import type { types } from '@slack/bolt';
import type { MemberProjectView } from '../../core/index.ts';
import { ACTION, BLOCK, CALLBACK } from '../ids.ts';
import { actions, button, context, LIMITS, modal, section, type Block, type MessageContent } from './blocks.ts';
import { plural, slackDate, truncate } from './format.ts';
import { escapeMrkdwn, escapeText } from './escape.ts';
import { projectUrlOf, roleWords } from './invitations.ts';
import { mrkdwnLink } from './notifications.ts';

/** What a project line needs besides the project: whether the reader has MFA, where project pages are. */
export interface ProjectLineContext {
  readonly mfaEnabled: boolean;
  /** The operator's KBC_PROJECT_BASE_URL: project names link to their pages. */
  readonly projectBaseUrl: string | null;
}

/** Projects listed in one section's lines at most, so a long name list stays readable. */
export const PROJECT_LINES_MAX = 40;

/** The project's name in bold, linked to its page when there is one. */
function projectName(project: MemberProjectView, projectBaseUrl: string | null): string {
  const name = truncate(project.name, 100);
  const url = projectUrlOf(projectBaseUrl, project.numericId);
  return url ? `*${mrkdwnLink(url, name)}*` : `*${escapeMrkdwn(name)}*`;
}

/**
 * One project: name (a link under KBC_PROJECT_BASE_URL), role, "member until" for a time-boxed
 * membership, and "MFA required" where the project requires it — with what that means for a
 * reader without MFA (the deadline, or no access since it passed).
 */
export function projectLine(project: MemberProjectView, ctx: ProjectLineContext): string {
  const parts = [`${projectName(project, ctx.projectBaseUrl)} — ${escapeMrkdwn(roleWords(project.membership.role))}`];
  if (project.membership.expiresAt) parts.push(`member until ${slackDate(project.membership.expiresAt)}`);
  if (project.mfaRequired) {
    if (ctx.mfaEnabled) parts.push(':lock: MFA required');
    else if (project.membership.blockedByMfa) parts.push(':no_entry: MFA required: no access until you enable MFA');
    else parts.push(`:lock: MFA required: enable it by ${slackDate(project.mfaRequired.deadline)}`);
  }
  return `• ${parts.join(' · ')}`;
}

/**
 * The lines of `projects` under `heading`, cut to fit one section (3000 characters) and
 * PROJECT_LINES_MAX lines, with "…and N more" when cut.
 */
export function projectsText(heading: string, projects: readonly MemberProjectView[], ctx: ProjectLineContext): string {
  if (projects.length === 0) return `${heading}\nYou are not a member of any project yet. Accept an invitation, or ask to join a project by its id.`;
  const lines: string[] = [];
  let used = heading.length;
  for (const project of projects.slice(0, PROJECT_LINES_MAX)) {
    const line = projectLine(project, ctx);
    // Room kept for the "…and N more" line.
    if (used + line.length + 1 > LIMITS.sectionText - 80) break;
    lines.push(line);
    used += line.length + 1;
  }
  const hidden = projects.length - lines.length;
  if (hidden > 0) lines.push(`…and ${hidden} more: the dashboard lists them all.`);
  return `${heading}\n${lines.join('\n')}`;
}

/** `/kbc projects`: the projects the account is a member of, ephemeral, with the join request buttons. */
export function projectsMessage(projects: readonly MemberProjectView[], ctx: ProjectLineContext): MessageContent {
  const heading = `:file_folder: *Your projects (${projects.length})*`;
  const endings = projects.filter((project) => project.membership.expiresAt).length;
  const blocks: Block[] = [section(projectsText(heading, projects, ctx), { blockId: BLOCK.homeProjects })];
  if (endings > 0) blocks.push(context(`${plural(endings, 'membership')} ${endings === 1 ? 'ends' : 'end'} on the date shown; a project admin or an operator can extend it.`));
  blocks.push(actions(BLOCK.homeJoinRequests, [button('Ask to join a project', ACTION.openRequestAccess), button('My join requests', ACTION.openJoinRequests)]));
  const names = projects.slice(0, 10).map((project) => escapeText(project.name));
  return {
    text: projects.length === 0 ? 'You are not a member of any project yet.' : `Your projects: ${names.join(', ')}${projects.length > 10 ? ', …' : ''}.`,
    blocks,
  };
}

/** "My projects" (under a membership reminder): the projects, as `/kbc projects` lists them. */
export function projectsModal(projects: readonly MemberProjectView[], options: ProjectLineContext): types.ModalView {
  return modal({
    callbackId: CALLBACK.projects,
    title: 'Your projects',
    blocks: [
      section(projectsText(`*Your projects (${projects.length})*`, projects, options), { accessory: button('Ask to join a project', ACTION.openRequestAccess) }),
      context('A project admin or an operator can extend a membership that ends.'),
    ],
  });
}
