import type { types } from '@slack/bolt';
import { TOKEN_ROTATION_GRACE_DEFAULT_SECONDS, type RotatedToken, type TokenView } from '../../core/index.ts';
import { ACTION, BLOCK, CALLBACK } from '../ids.ts';
import { context, modal, plain, section, type Block, type MessageContent, type Notice } from './blocks.ts';
import { slackDate } from './format.ts';
import { escapeMrkdwn } from './escape.ts';
import { TOKEN_ONCE_WARNING, totpCodeBlock, type UnshownTokenFate } from './token-form.ts';

const TITLE = 'Rotate access token';

/** The grace windows offered, in seconds: the default (1 hour) or none. */
export const GRACE_OPTIONS = [TOKEN_ROTATION_GRACE_DEFAULT_SECONDS, 0] as const;

const graceOption = (seconds: number): types.PlainTextOption => ({
  text: plain(seconds === 0 ? 'Stops working now' : 'Keeps working for 1 hour'),
  value: String(seconds),
});

const named = (token: Pick<TokenView, 'description' | 'hint'>) => `*${escapeMrkdwn(token.description)}* (ends in \`${escapeMrkdwn(token.hint)}\`)`;

/**
 * Rotate in `/kbc tokens`: how long the old token keeps working and, for an account with MFA, the
 * current authenticator code. The token's id rides in private_metadata only as a hint: the core
 * rotates nothing the submitting user does not own.
 */
export function tokenRotateModal(token: TokenView, options: { withTotp: boolean }): types.ModalView {
  const blocks: Block[] = [
    section(
      `Rotate ${named(token)}: a new token replaces it, with the same description and as long a lifetime from now. ` +
        'The new token is shown once, here. Switch whatever uses the old token to the new one while the old one still works.',
    ),
    {
      type: 'input',
      block_id: BLOCK.tokenRotateGrace,
      label: plain('The old token'),
      element: {
        type: 'static_select',
        action_id: ACTION.tokenRotateGrace,
        options: GRACE_OPTIONS.map(graceOption),
        initial_option: graceOption(TOKEN_ROTATION_GRACE_DEFAULT_SECONDS),
      },
    },
  ];
  if (options.withTotp) blocks.push(totpCodeBlock());
  return { ...modal({ callbackId: CALLBACK.tokenRotateForm, title: TITLE, submit: 'Rotate token', close: 'Cancel', blocks }), private_metadata: token.id };
}

/** The one place a rotated token's new secret is shown: the view replacing the form. Never a message, never private_metadata. */
export function tokenRotatedModal(rotated: RotatedToken): types.ModalView {
  const { previous } = rotated;
  const old =
    previous.state === 'rotated' && previous.graceUntil
      ? `The old token (ends in \`${escapeMrkdwn(previous.hint)}\`) keeps working until ${slackDate(previous.graceUntil)}.`
      : `The old token (ends in \`${escapeMrkdwn(previous.hint)}\`) no longer works.`;
  return modal({
    callbackId: CALLBACK.tokenRotated,
    title: 'Token rotated',
    close: 'Done',
    blocks: [
      section(`:key: Your new token *${escapeMrkdwn(rotated.token.description)}* expires ${slackDate(rotated.token.expiresAt)}. ${old}`),
      section(`\`\`\`${rotated.secret}\`\`\``, { blockId: BLOCK.tokenSecret }),
      section(`:warning: *${TOKEN_ONCE_WARNING}* Copy it now into a password manager or your secret store; only a fingerprint is kept.`),
    ],
  });
}

/** The ack of a rotation the core has not finished within the deadline. */
export function tokenRotatingModal(): types.ModalView {
  return modal({
    callbackId: CALLBACK.tokenCreating,
    title: TITLE,
    close: 'Close',
    blocks: [
      section(':hourglass_flowing_sand: *Rotating your token…*'),
      context('This takes longer than usual. Keep this window open: the new token is shown here, once, as soon as it exists.'),
    ],
  });
}

/** A rotation refused after the ack, or before it when there is no field to show it on. */
export function tokenRotateFailedModal(problem: string): types.ModalView {
  return modal({
    callbackId: CALLBACK.notice,
    title: TITLE,
    blocks: [section(`:warning: ${problem}`), section('Nothing was rotated. Run `/kbc tokens` to try again.')],
  });
}

/** Why Rotate is refused for an account without MFA (unless the operator allowed it). */
export function rotateMfaRequiredModal(): types.ModalView {
  return modal({
    callbackId: CALLBACK.notice,
    title: TITLE,
    blocks: [
      section(
        ':lock: *Rotating a token from Slack needs multi-factor authentication*, as creating one does: the new token is a new secret.\n' +
          'Enable it in the dashboard (*Account Settings → Account & Security*), or rotate the token there (*Access Tokens*, `r`).',
      ),
    ],
  });
}

function notKeptText(token: Pick<TokenView, 'description' | 'hint'>, fate: UnshownTokenFate): string {
  return fate === 'deleted'
    ? `Slack could not show the token that replaces yours, ${named(token)}, so it was deleted: nobody saw it. ` +
        'The token you rotated stops working when its grace window ends (at once if you chose so): create a new token with `/kbc token`.'
    : `Slack could not show the token that replaces yours, ${named(token)}, and it cannot be shown again. Delete it with \`/kbc tokens\` and create a new one.`;
}

export const tokenRotateNotKeptNotice = (token: TokenView, fate: UnshownTokenFate): Notice => ({ tone: 'warning', text: notKeptText(token, fate) });

export const tokenRotateNotKeptMessage = (token: TokenView, fate: UnshownTokenFate): MessageContent => ({
  text: 'The token that replaces yours could not be shown. Create a new one.',
  blocks: [section(`:warning: ${notKeptText(token, fate)}`)],
});
