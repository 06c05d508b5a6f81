import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { ACTION } from '../../ids.ts';
import { invitationAccept } from './invitation-accept.ts';
import { invitationDecline } from './invitation-decline.ts';
import { notificationMarkRead } from './notification-mark-read.ts';
import { notificationsMarkAllRead } from './notifications-mark-all-read.ts';
import { openInvitations, openJoinRequests, openNotifications, openProjects, openRequestAccess, openRequestsToAnswer, openTokenForm, openTokenRotate, openTokens } from './open-modals.ts';
import { requestsToAnswerPage } from './requests-to-answer-page.ts';
import { tokenDelete } from './token-delete.ts';
import { approveJoinRequest, rejectJoinRequest } from './answer-join-request.ts';
import { joinRequestCancel } from './join-request-cancel.ts';
import { openMfaSteps } from './open-mfa-steps.ts';
import { homeUnlink } from './home-unlink.ts';
import { dmPreferences } from './dm-preferences.ts';
import { openHowToLink } from './open-how-to-link.ts';

/** Button listeners, one per action_id. */
export function register(app: App, deps: SlackDeps): void {
  app.action(ACTION.invitationAccept, invitationAccept(deps));
  app.action(ACTION.invitationDecline, invitationDecline(deps));
  app.action(ACTION.joinRequestApprove, approveJoinRequest(deps));
  app.action(ACTION.joinRequestReject, rejectJoinRequest(deps));
  app.action(ACTION.openMfaSteps, openMfaSteps(deps));
  app.action(ACTION.notificationMarkRead, notificationMarkRead(deps));
  app.action(ACTION.notificationsMarkAllRead, notificationsMarkAllRead(deps));
  app.action(ACTION.tokenDelete, tokenDelete(deps));
  app.action(ACTION.tokenRotate, openTokenRotate(deps));
  app.action(ACTION.openInvitations, openInvitations(deps));
  app.action(ACTION.openNotifications, openNotifications(deps));
  app.action(ACTION.openTokenForm, openTokenForm(deps));
  app.action(ACTION.openTokens, openTokens(deps));
  app.action(ACTION.openHowToLink, openHowToLink(deps));
  app.action(ACTION.unlink, homeUnlink(deps));
  app.action(ACTION.dmPreferences, dmPreferences(deps));
  app.action(ACTION.openRequestAccess, openRequestAccess(deps));
  app.action(ACTION.openJoinRequests, openJoinRequests(deps));
  app.action(ACTION.joinRequestCancel, joinRequestCancel(deps));
  app.action(ACTION.openProjects, openProjects(deps));
  app.action(ACTION.openRequestsToAnswer, openRequestsToAnswer(deps));
  app.action(ACTION.requestsToAnswerPrevious, requestsToAnswerPage(deps));
  app.action(ACTION.requestsToAnswerNext, requestsToAnswerPage(deps));
}
