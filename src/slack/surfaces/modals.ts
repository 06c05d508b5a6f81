import { webApi, type types } from '@slack/bolt';
import { isAccountError, type AccountSummary, type SlackUser } from '../../core/index.ts';
import type { SlackClient, SlackDeps } from '../context.ts';
import { slackErrorCode } from '../delivery/slack-errors.ts';
import { CALLBACK } from '../ids.ts';
import { accountFor } from '../identity.ts';
import { describeError, logFailure } from '../log.ts';
import { errorCodeText, errorText, notLinkedText } from '../messages.ts';
import { field, text } from '../payload.ts';
import type { Notice } from '../views/blocks.ts';
import { plural } from '../views/format.ts';
import { invitationsModal } from '../views/invitations.ts';
import { loadingModal, noticeModal } from '../views/notice.ts';
import { MODAL_NOTIFICATIONS_MAX, notificationsModal } from '../views/notifications.ts';
import { mfaRequiredModal, tokenFormModal } from '../views/token-form.ts';
import { tokensModal } from '../views/tokens.ts';
import { rotateMfaRequiredModal, tokenRotateFailedModal, tokenRotateModal } from '../views/token-rotate.ts';
import { ownJoinRequestsModal, requestAccessModal, REQUEST_PROJECT_ID_MAX_LENGTH } from '../views/own-join-requests.ts';
import { projectsModal } from '../views/projects.ts';
import { requestsToAnswerModal } from '../views/requests-to-answer.ts';
import type { ParentView } from '../views/form-metadata.ts';

/** The modals a command or a button opens. */
export type ModalKind = 'invitations' | 'notifications' | 'tokenForm' | 'tokens' | 'tokenRotate' | 'requestAccess' | 'joinRequests' | 'projects' | 'requestsToAnswer';

const TITLES: Readonly<Record<ModalKind, string>> = {
  invitations: 'Invitations',
  notifications: 'Notifications',
  tokenForm: 'New access token',
  tokens: 'Access tokens',
  tokenRotate: 'Rotate access token',
  requestAccess: 'Ask to join a project',
  joinRequests: 'Join requests',
  projects: 'Your projects',
  requestsToAnswer: 'Requests to join',
};

/**
 * The current content of a list modal (identified by its callback_id) for `account`, or null for
 * a modal that is not a list. Always read afresh from the core: nothing in the view is trusted.
 * `privateMetadata` is the list's own as shown (the page of a paged list), a hint only.
 */
export async function renderListModal(
  deps: SlackDeps,
  account: AccountSummary,
  callbackId: string,
  notice?: Notice | null,
  privateMetadata?: string | null,
): Promise<types.ModalView | null> {
  const { core } = deps;
  switch (callbackId) {
    case CALLBACK.invitations:
      return invitationsModal(await core.invitations.listPending(account.id), notice, deps.config.projectBaseUrl);
    case CALLBACK.notifications:
      return notificationsModal(await core.notifications.listForAccount(account.id, { limit: MODAL_NOTIFICATIONS_MAX }), notice);
    case CALLBACK.tokens:
      return tokensModal(await core.tokens.list(account.id), notice);
    case CALLBACK.joinRequests:
      return ownJoinRequestsModal(await core.joinRequests.listOwn(account.id), notice);
    case CALLBACK.requestsToAnswer:
      return requestsToAnswerModal(await core.joinRequests.listToAnswer(account.id), privateMetadata, notice);
    default:
      return null;
  }
}

/**
 * The rotation form for the account's token `tokenId` (a button's value: only a hint, looked up
 * among the account's own tokens), or why it cannot be rotated.
 */
async function rotateModal(deps: SlackDeps, account: AccountSummary, tokenId: string | undefined): Promise<types.ModalView> {
  const token = (await deps.core.tokens.list(account.id)).find((candidate) => candidate.id === tokenId);
  if (!token) return tokenRotateFailedModal(errorCodeText('TOKEN_NOT_FOUND'));
  if (token.state === 'rotated') return tokenRotateFailedModal(errorCodeText('TOKEN_ALREADY_ROTATED', { graceUntil: token.graceUntil }));
  if (token.state === 'revoked') return tokenRotateFailedModal(errorCodeText('TOKEN_REVOKED'));
  if (token.state === 'expired') return tokenRotateFailedModal(errorCodeText('TOKEN_EXPIRED'));
  // As for creating a token: the operator may allow accounts without MFA; an account WITH MFA always proves a code.
  if (!account.mfaEnabled && deps.config.tokenRequiresMfa) return rotateMfaRequiredModal();
  return tokenRotateModal(token, { withTotp: account.mfaEnabled });
}

async function buildModal(deps: SlackDeps, kind: ModalKind, account: AccountSummary, itemId?: string, parent?: ParentView | null): Promise<types.ModalView> {
  switch (kind) {
    case 'invitations':
      return (await renderListModal(deps, account, CALLBACK.invitations))!;
    case 'notifications':
      return (await renderListModal(deps, account, CALLBACK.notifications))!;
    case 'tokens':
      return (await renderListModal(deps, account, CALLBACK.tokens))!;
    case 'tokenForm':
      // The operator may allow accounts without MFA; an account WITH MFA always proves a code.
      if (!account.mfaEnabled && deps.config.tokenRequiresMfa) return mfaRequiredModal();
      return tokenFormModal({ withTotp: account.mfaEnabled });
    case 'tokenRotate':
      return rotateModal(deps, account, itemId);
    case 'joinRequests':
      return (await renderListModal(deps, account, CALLBACK.joinRequests))!;
    case 'requestsToAnswer':
      return (await renderListModal(deps, account, CALLBACK.requestsToAnswer))!;
    case 'projects':
      return projectsModal(await deps.core.projects.listForAccount(account.id), { mfaEnabled: account.mfaEnabled, projectBaseUrl: deps.config.projectBaseUrl ?? null });
    case 'requestAccess':
      // `/kbc request-access ID` fills the id in when it looks like one; the submission checks it again.
      return requestAccessModal(itemId && itemId.length <= REQUEST_PROJECT_ID_MAX_LENGTH && /^[A-Za-z0-9_-]+$/.test(itemId) ? itemId : null, parent ?? null);
  }
}

/**
 * Thrown when Slack would not open the modal: the trigger expired or was used, or Slack answered
 * 429 (then `retryAfterSeconds` is its Retry-After; a trigger lives 3 s, so the call is not waited out).
 */
export class ModalOpenError extends Error {
  override readonly name = 'ModalOpenError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** What the user is told; `again` says how to try again ("click again", "run the command again"). */
  words(again: string): string {
    if (this.retryAfterSeconds === null) return `Slack did not let me open the window in time. Please ${again}.`;
    const seconds = Math.max(1, Math.ceil(this.retryAfterSeconds));
    return `Slack is busy right now and did not open the window. Please try again in ${plural(seconds, 'second')}.`;
  }
}

/** Thrown when the modal opened but Slack would show neither its content nor the notice after it. */
export class ModalShowError extends Error {
  override readonly name = 'ModalShowError';
  /** What the user is told where they asked (the channel or a reply). */
  readonly words = 'Slack opened the window but could not show its content. Please close it and try again in a moment.';
}

/** Why Slack would not show a modal's content, in words for the notice that replaces it. */
function refusalWords(error: unknown): string {
  const code = slackErrorCode(error);
  if (field(error, 'code') === webApi.ErrorCode.RateLimitedError) return 'Slack is rate limiting this app right now';
  return code ? `Slack refused it (\`${code}\`)` : 'Slack did not answer in time';
}

/**
 * Opens a modal for the Slack user: first `views.open` (or `views.push` from inside a modal) with a
 * loading view — the trigger_id lives 3 seconds and works once — then the real content through
 * `views.update`. An unlinked user sees the linking instructions; a failure, its words. When Slack
 * refuses the content, the loading view is replaced once more by a notice saying so, so it never
 * stays on "Loading…". Throws ModalOpenError only when the modal could not be opened at all, and
 * the notice's refusal when even that cannot be shown (the caller answers in the channel).
 */
export async function openModal(
  deps: SlackDeps,
  client: SlackClient,
  options: {
    kind: ModalKind;
    triggerId: string;
    user: SlackUser;
    fromModal: boolean;
    command?: string;
    itemId?: string;
    /** The list modal the new one is pushed on top of: a form refreshes it once it made its change. */
    parent?: ParentView | null;
  },
): Promise<void> {
  const title = TITLES[options.kind];
  let viewId: string | null;
  try {
    const open = { trigger_id: options.triggerId, view: loadingModal(title) };
    const opened = options.fromModal ? await client.views.push(open) : await client.views.open(open);
    viewId = text(field(opened, 'view', 'id'));
  } catch (error) {
    const retryAfter = field(error, 'code') === webApi.ErrorCode.RateLimitedError ? field(error, 'retryAfter') : undefined;
    // A 429 without a usable Retry-After still means "busy": Slack's own advice is to wait a second.
    const retryAfterSeconds = retryAfter === undefined ? null : typeof retryAfter === 'number' && Number.isFinite(retryAfter) ? retryAfter : 1;
    throw new ModalOpenError(`views.open failed: ${describeError(error)}`, retryAfterSeconds);
  }
  if (!viewId) throw new ModalOpenError('views.open returned no view id');
  let view: types.ModalView;
  try {
    const account = await accountFor(deps.core, options.user);
    view = account ? await buildModal(deps, options.kind, account, options.itemId, options.parent) : noticeModal(title, notLinkedText(options.command));
  } catch (error) {
    if (!isAccountError(error)) logFailure(deps.logger, `opening the ${options.kind} modal`, error);
    view = noticeModal(title, errorText(error));
  }
  try {
    await client.views.update({ view_id: viewId, view });
  } catch (error) {
    logFailure(deps.logger, `showing the ${options.kind} modal`, error);
    const words = `:warning: This window could not show its content: ${refusalWords(error)}. Close it and try again in a moment.`;
    try {
      await client.views.update({ view_id: viewId, view: noticeModal(title, words) });
    } catch (again) {
      throw new ModalShowError(`views.update failed twice: ${describeError(again)}`);
    }
  }
}
