import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { isAccountError } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { slackUserOf } from '../../identity.ts';
import { logFailure } from '../../log.ts';
import { errorText } from '../../messages.ts';
import { text } from '../../payload.ts';
import { ModalOpenError, ModalShowError } from '../../surfaces/modals.ts';
import { clearHomeNotice } from '../../surfaces/home.ts';
import { truncate } from '../../views/format.ts';
import { help, parseCommandText, SUBCOMMANDS, type SubcommandContext } from '../../subcommands/index.ts';

/**
 * `/kbc <subcommand> …`: ack at once (Slack's 3 seconds), then run the subcommand, which answers
 * ephemerally through response_url or opens a modal. Every failure reaches the user in words.
 */
export function kbcCommand(deps: SlackDeps) {
  return async ({ ack, body, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = slackUserOf(body);
    if (!user) return; // the payload guard already refused these
    clearHomeNotice(deps, user);
    const { name, rest } = parseCommandText(body.text);
    const ctx: SubcommandContext = {
      deps,
      client,
      user,
      command: text(body.command, 40) ?? '/kbc',
      rest,
      triggerId: text(body.trigger_id),
      respond,
    };
    try {
      if (name !== '' && Object.hasOwn(SUBCOMMANDS, name)) await SUBCOMMANDS[name]!(ctx);
      else await help(ctx, name === '' ? null : truncate(name, 30));
    } catch (error) {
      if (!isAccountError(error)) logFailure(deps.logger, `/kbc ${Object.hasOwn(SUBCOMMANDS, name) ? name : 'help'}`, error);
      const words =
        error instanceof ModalOpenError
          ? error.words('run the command again')
          : error instanceof ModalShowError
            ? error.words
            : errorText(error);
      await respond({ response_type: 'ephemeral', text: `:warning: ${words}` }).catch((failure: unknown) => logFailure(deps.logger, 'replying to /kbc', failure));
    }
  };
}
