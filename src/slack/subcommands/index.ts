import { help } from './help.ts';
import { link } from './link.ts';
import { openModalSubcommand } from './open-modal.ts';
import { status } from './status.ts';
import { unlink } from './unlink.ts';
import { projects } from './projects.ts';
import { requestAccess } from './request-access.ts';
import type { Subcommand } from './context.ts';

export { help } from './help.ts';
export type { Subcommand, SubcommandContext } from './context.ts';

/** `/kbc <name> …`: every subcommand by name. Anything else gets the help. */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  help: (ctx) => help(ctx),
  status,
  link,
  unlink,
  invitations: openModalSubcommand('invitations'),
  notifications: openModalSubcommand('notifications'),
  token: openModalSubcommand('tokenForm'),
  tokens: openModalSubcommand('tokens'),
  projects,
  'request-access': requestAccess,
  requests: openModalSubcommand('joinRequests'),
};

/** Longest command text considered (Slack allows 4000 characters; ours are short). */
const COMMAND_TEXT_MAX = 200;

/** Splits `link ABCD-EFGH` into the lower-cased subcommand and the rest. */
export function parseCommandText(raw: unknown): { name: string; rest: string } {
  const value = typeof raw === 'string' ? raw.trim().slice(0, COMMAND_TEXT_MAX) : '';
  const match = /^(\S*)\s*([\s\S]*)$/.exec(value);
  return { name: (match?.[1] ?? '').toLowerCase(), rest: match?.[2] ?? '' };
}
