import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { CALLBACK, LISTENED_VIEWS } from '../../ids.ts';
import { tokenFormSubmit } from './token-form-submit.ts';
import { tokenRotateSubmit } from './token-rotate-submit.ts';
import { requestAccessSubmit } from './request-access-submit.ts';
import { approveJoinRequestSubmit } from './approve-join-request-submit.ts';
import { rejectJoinRequestSubmit } from './reject-join-request-submit.ts';

/**
 * Modal submissions, one per callback_id (the token and rotation forms, the join request form,
 * the approval's role choice and the rejection's reason), and the closing of each: Slack expects every signed payload answered, and a `view_closed` with no
 * listener would wait for the receiver's timeout and be logged as not acknowledged. Closing a
 * form changes nothing, so it is only acknowledged.
 */
export function register(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.tokenForm, tokenFormSubmit(deps));
  app.view(CALLBACK.tokenRotateForm, tokenRotateSubmit(deps));
  app.view(CALLBACK.requestAccess, requestAccessSubmit(deps));
  app.view(CALLBACK.approveJoinRequest, approveJoinRequestSubmit(deps));
  app.view(CALLBACK.rejectJoinRequest, rejectJoinRequestSubmit(deps));
  for (const callbackId of LISTENED_VIEWS) {
    app.view({ callback_id: callbackId, type: 'view_closed' }, async ({ ack }) => {
      await ack();
    });
  }
}
