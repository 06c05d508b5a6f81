import type { RespondFn } from '@slack/bolt';
import type { SlackUser } from '../../core/index.ts';
import type { SlackClient, SlackDeps } from '../context.ts';
import type { MessageContent } from '../views/blocks.ts';

/** One `/kbc …` invocation, after the ack. */
export interface SubcommandContext {
  readonly deps: SlackDeps;
  readonly client: SlackClient;
  /** The acting Slack user, from the signed command payload. */
  readonly user: SlackUser;
  /** The command as typed (`/kbc`), for help texts. */
  readonly command: string;
  /** What followed the subcommand (`ABCD-EFGH` for `link`). */
  readonly rest: string;
  readonly triggerId: string | null;
  readonly respond: RespondFn;
}

export type Subcommand = (ctx: SubcommandContext) => Promise<void>;

/** An ephemeral reply: only the user who typed the command sees it. */
export async function reply(ctx: SubcommandContext, content: MessageContent): Promise<void> {
  await ctx.respond({ response_type: 'ephemeral', text: content.text, blocks: content.blocks });
}
