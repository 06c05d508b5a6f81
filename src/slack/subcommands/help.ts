import { accountFor } from '../identity.ts';
import { helpMessage } from '../views/help.ts';
import { reply, type SubcommandContext } from './context.ts';

/** `/kbc help`, `/kbc` alone, and any unknown subcommand (`unknown` names it). */
export async function help(ctx: SubcommandContext, unknown: string | null = null): Promise<void> {
  const account = await accountFor(ctx.deps.core, ctx.user);
  await reply(ctx, helpMessage({ command: ctx.command, linkedEmail: account?.email ?? null, unknown }));
}
