import type { types } from '@slack/bolt';
import { TOKEN_DESCRIPTION_MAX_LENGTH, TOKEN_EXPIRY_CHOICES_DAYS, TOKEN_EXPIRY_DEFAULT_DAYS, TOKEN_MAX_LIFETIME_DAYS, TOTP_DIGITS, type CreatedToken, type TokenView } from '../../core/index.ts';
import { ACTION, BLOCK, CALLBACK } from '../ids.ts';
import { context, modal, plain, section, type Block, type MessageContent, type Notice } from './blocks.ts';
import { slackDate } from './format.ts';
import { escapeMrkdwn } from './escape.ts';

/** The warning shown with a new token, word for word as the dashboard says it. */
export const TOKEN_ONCE_WARNING = 'Be sure to note it — it cannot be retrieved!';

const dayOption = (days: number): types.PlainTextOption => ({ text: plain(`${days} days`), value: String(days) });

/**
 * `/kbc token`: description, expiry (7/30/60/90 days, or a date that wins when picked) and, for an
 * account with MFA, the current authenticator code.
 */
export function tokenFormModal(options: { withTotp: boolean }): types.ModalView {
  const blocks: Block[] = [
    section(
      'A Management API token acts for your account in project-independent operations (creating and moving projects, ' +
        'organizations, monitoring). Tokens always expire. The token is shown once, here, after you create it.',
    ),
    {
      type: 'input',
      block_id: BLOCK.tokenDescription,
      label: plain('Description'),
      hint: plain('What the token is for, so you can tell your tokens apart.'),
      element: {
        type: 'plain_text_input',
        action_id: ACTION.tokenDescription,
        max_length: TOKEN_DESCRIPTION_MAX_LENGTH,
        placeholder: plain('e.g. CI deploy of the sales project'),
      },
    },
    {
      type: 'input',
      block_id: BLOCK.tokenExpiryDays,
      label: plain('Expires in'),
      element: {
        type: 'static_select',
        action_id: ACTION.tokenExpiryDays,
        options: TOKEN_EXPIRY_CHOICES_DAYS.map(dayOption),
        initial_option: dayOption(TOKEN_EXPIRY_DEFAULT_DAYS),
      },
    },
    {
      type: 'input',
      block_id: BLOCK.tokenExpiryDate,
      optional: true,
      label: plain('…or expires on'),
      hint: plain(`Optional. A date here replaces the choice above; at most ${TOKEN_MAX_LIFETIME_DAYS} days from today.`),
      element: { type: 'datepicker', action_id: ACTION.tokenExpiryDate, placeholder: plain('Pick a date') },
    },
  ];
  if (options.withTotp) blocks.push(totpCodeBlock());
  return modal({ callbackId: CALLBACK.tokenForm, title: 'New access token', submit: 'Create token', close: 'Cancel', blocks });
}

/**
 * The one place the token is shown: the view replacing the form (`response_action: update`). It
 * is never posted in a message, put in private_metadata or logged.
 */
export function tokenCreatedModal(created: CreatedToken): types.ModalView {
  return modal({
    callbackId: CALLBACK.tokenCreated,
    title: 'Token created',
    close: 'Done',
    blocks: [
      section(`:key: Your new token *${escapeMrkdwn(created.token.description)}* expires ${slackDate(created.token.expiresAt)}.`),
      section(`\`\`\`${created.secret}\`\`\``, { blockId: BLOCK.tokenSecret }),
      section(`:warning: *${TOKEN_ONCE_WARNING}* Copy it now into a password manager or your secret store; only a fingerprint is kept.`),
      context('Delete tokens you no longer use: `/kbc tokens`.'),
    ],
  });
}

/**
 * The ack of a submission the core has not finished within the deadline (the store is busy):
 * replaced through views.update by the created token or by `tokenFailedModal`.
 */
export function tokenCreatingModal(): types.ModalView {
  return modal({
    callbackId: CALLBACK.tokenCreating,
    title: 'New access token',
    close: 'Close',
    blocks: [
      section(':hourglass_flowing_sand: *Creating your token…*'),
      context('This takes longer than usual. Keep this window open: the token is shown here, once, as soon as it exists.'),
    ],
  });
}

/**
 * The outcome of a submission refused after the ack: the form is gone, so its field errors cannot
 * be shown; `problem` says what was wrong (mrkdwn) and the user starts again with the command.
 */
export function tokenFailedModal(problem: string, command = '/kbc'): types.ModalView {
  return modal({
    callbackId: CALLBACK.notice,
    title: 'New access token',
    blocks: [section(`:warning: ${problem}`), section(`No token was created. Run \`${command} token\` to open the form again.`)],
  });
}

/** Why `/kbc token` is refused for an account without MFA (unless the operator allowed it). */
export function mfaRequiredModal(): types.ModalView {
  return modal({
    callbackId: CALLBACK.notice,
    title: 'New access token',
    blocks: [
      section(
        ':lock: *Creating a token from Slack needs multi-factor authentication.*\n' +
          'A code from your authenticator proves it is you and not just someone with your Slack session.',
      ),
      section(
        'Enable it in the dashboard: run `kbc-account`, sign in, open *Account Settings → Account & Security* and set up an authenticator app. ' +
          'Then run `/kbc token` again. You can also create tokens in the dashboard itself (*Account Settings → Access Tokens*).',
      ),
    ],
  });
}

/**
 * What became of a token created from the modal that Slack could not show: `deleted` (the
 * normal case: nobody saw it, so nobody can use it) or `kept` (deleting it failed too).
 */
export type UnshownTokenFate = 'deleted' | 'kept';

function tokenNotKeptText(token: Pick<TokenView, 'description' | 'hint'>, fate: UnshownTokenFate): string {
  const name = `*${escapeMrkdwn(token.description)}* (ends in \`${escapeMrkdwn(token.hint)}\`)`;
  return fate === 'deleted'
    ? `Slack could not show your new token ${name}, so it was deleted: nobody saw it and nobody can use it. Run \`/kbc token\` to create a new one.`
    : `Slack could not show your new token ${name}, and it cannot be shown again. Delete it with \`/kbc tokens\` and run \`/kbc token\` to create a new one.`;
}

/** The Home tab's notice about a token that was created but never shown. */
export function tokenNotKeptNotice(token: Pick<TokenView, 'description' | 'hint'>, fate: UnshownTokenFate): Notice {
  return { tone: 'warning', text: tokenNotKeptText(token, fate) };
}

/** The DM about a token that was created but never shown (the modal is gone; never the secret). */
export function tokenNotKeptMessage(token: Pick<TokenView, 'description' | 'hint'>, fate: UnshownTokenFate): MessageContent {
  const fallback = fate === 'deleted' ? 'Your new token could not be shown, so it was deleted. Create a new one.' : 'Your new token could not be shown. Delete it and create a new one.';
  return { text: fallback, blocks: [section(`:warning: ${tokenNotKeptText(token, fate)}`)] };
}

/** The authenticator code field of the token forms (create and rotate): a code works once. */
export function totpCodeBlock(): Block {
  return {
    type: 'input',
    block_id: BLOCK.tokenTotp,
    label: plain('Authenticator code'),
    hint: plain('The current 6-digit code from your authenticator app. Each code works once.'),
    element: { type: 'plain_text_input', action_id: ACTION.tokenTotp, min_length: TOTP_DIGITS, max_length: TOTP_DIGITS, placeholder: plain('123456') },
  };
}
