import type { MessageContent } from './blocks.ts';
import { context, section } from './blocks.ts';
import { notLinkedText } from '../messages.ts';
import { escapeMrkdwn } from './escape.ts';

/** `/kbc help` and any unknown subcommand: what the app does and how to link. */
export function helpMessage(options: { command: string; linkedEmail: string | null; unknown?: string | null }): MessageContent {
  const c = options.command;
  const intro = options.unknown
    ? `I do not know \`${escapeMrkdwn(options.unknown)}\`. Here is what I can do:`
    : 'Manage your Keboola account without leaving Slack:';
  const commands = [
    `\`${c} status\` — your account at a glance: MFA, unread notifications, pending invitations, tokens expiring soon`,
    `\`${c} invitations\` — accept or decline project invitations`,
    `\`${c} notifications\` — read notifications and mark them as read`,
    `\`${c} token\` — create a Management API access token (shown once)`,
    `\`${c} tokens\` — list your tokens, rotate them and delete the ones you do not use`,
    `\`${c} projects\` — your projects: role, “member until” for a time-boxed membership, MFA required`,
    `\`${c} request-access [PROJECT]\` — ask to join a project by its id, with a reason and an optional lifetime`,
    `\`${c} requests\` — your requests to join projects; cancel a pending one`,
    `\`${c} link CODE\` — link this Slack user to your account with a code from the dashboard`,
    `\`${c} unlink\` — end the link`,
  ];
  const linked = options.linkedEmail
    ? context(`You are linked to *${escapeMrkdwn(options.linkedEmail)}*. The Home tab of this app shows the same at a glance.`)
    : section(notLinkedText(c));
  return { text: 'What the Keboola account app can do', blocks: [section(`${intro}\n${commands.map((line) => `• ${line}`).join('\n')}`), linked] };
}
