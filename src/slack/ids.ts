/**
 * Every callback_id, action_id and block_id the Slack app uses, in one place: listeners match on
 * these, view builders emit them, and the payload guard refuses anything else.
 */

/** `callback_id` of each modal (and of the Home tab, which has none of its own). */
export const CALLBACK = {
  loading: 'kbc_loading',
  notice: 'kbc_notice',
  invitations: 'kbc_invitations',
  mfaSteps: 'kbc_mfa_steps',
  notifications: 'kbc_notifications',
  tokenForm: 'kbc_token_form',
  tokenCreating: 'kbc_token_creating',
  tokenCreated: 'kbc_token_created',
  tokenRotateForm: 'kbc_token_rotate_form',
  tokenRotated: 'kbc_token_rotated',
  tokens: 'kbc_tokens',
  howToLink: 'kbc_how_to_link',
  /** `/kbc request-access`: the form asking to join a project, and what replaces it once sent. */
  requestAccess: 'kbc_request_access',
  requestSent: 'kbc_request_sent',
  /** `/kbc requests`: the account's own join requests, pending ones with Cancel. */
  joinRequests: 'kbc_join_requests',
  /** Approve on a join request DM: the role to give, then the outcome. */
  approveJoinRequest: 'kbc_approve_join_request',
  joinRequestApproved: 'kbc_join_request_approved',
  /** Reject on a join request: the reason to give (optional), then the outcome. */
  rejectJoinRequest: 'kbc_reject_join_request',
  joinRequestRejected: 'kbc_join_request_rejected',
  /** "All requests" on the Home tab: the pending requests to join the projects one admins, a page at a time. */
  requestsToAnswer: 'kbc_requests_to_answer',
  /** "My projects" under a membership reminder: the projects, as `/kbc projects` lists them. */
  projects: 'kbc_projects',
} as const;

export type CallbackId = (typeof CALLBACK)[keyof typeof CALLBACK];

/** `action_id` of every interactive element. */
export const ACTION = {
  invitationAccept: 'kbc_invitation_accept',
  invitationDecline: 'kbc_invitation_decline',
  joinRequestApprove: 'kbc_join_request_approve',
  joinRequestReject: 'kbc_join_request_reject',
  openMfaSteps: 'kbc_open_mfa_steps',
  notificationMarkRead: 'kbc_notification_mark_read',
  notificationsMarkAllRead: 'kbc_notifications_mark_all_read',
  tokenDelete: 'kbc_token_delete',
  tokenRotate: 'kbc_token_rotate',
  openInvitations: 'kbc_open_invitations',
  openNotifications: 'kbc_open_notifications',
  openTokenForm: 'kbc_open_token_form',
  openTokens: 'kbc_open_tokens',
  /** Home tab: the linking steps in a modal, ending the link (after a confirmation), the DM preferences checkboxes. */
  openHowToLink: 'kbc_open_how_to_link',
  unlink: 'kbc_unlink',
  dmPreferences: 'kbc_dm_preferences',
  /** Join requests of one's own: the form, the list, Cancel (after a confirmation). */
  openRequestAccess: 'kbc_open_request_access',
  openJoinRequests: 'kbc_open_join_requests',
  joinRequestCancel: 'kbc_join_request_cancel',
  openProjects: 'kbc_open_projects',
  /** Requests to join one's projects: the modal listing them all, and its Previous / Next. */
  openRequestsToAnswer: 'kbc_open_requests_to_answer',
  requestsToAnswerPrevious: 'kbc_requests_to_answer_previous',
  requestsToAnswerNext: 'kbc_requests_to_answer_next',
  /** Inputs of the request form, of the approval's role choice and of the rejection's reason (they dispatch no action). */
  requestProject: 'kbc_request_project',
  requestReason: 'kbc_request_reason',
  requestDays: 'kbc_request_days',
  approveRole: 'kbc_approve_role',
  rejectReason: 'kbc_reject_reason',
  /** Inputs of the token form (they send no action of their own; named for the view state). */
  tokenDescription: 'kbc_token_description',
  tokenExpiryDays: 'kbc_token_expiry_days',
  tokenExpiryDate: 'kbc_token_expiry_date',
  tokenTotp: 'kbc_token_totp',
  tokenRotateGrace: 'kbc_token_rotate_grace',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Action ids that reach a listener (the token forms' inputs never dispatch actions). */
export const LISTENED_ACTIONS: readonly ActionId[] = [
  ACTION.invitationAccept,
  ACTION.invitationDecline,
  ACTION.joinRequestApprove,
  ACTION.joinRequestReject,
  ACTION.openMfaSteps,
  ACTION.notificationMarkRead,
  ACTION.notificationsMarkAllRead,
  ACTION.tokenDelete,
  ACTION.tokenRotate,
  ACTION.openInvitations,
  ACTION.openNotifications,
  ACTION.openTokenForm,
  ACTION.openTokens,
  ACTION.openHowToLink,
  ACTION.unlink,
  ACTION.dmPreferences,
  ACTION.openRequestAccess,
  ACTION.openJoinRequests,
  ACTION.joinRequestCancel,
  ACTION.openProjects,
  ACTION.openRequestsToAnswer,
  ACTION.requestsToAnswerPrevious,
  ACTION.requestsToAnswerNext,
];

/** Callback ids whose submission or closing reaches a listener. */
export const LISTENED_VIEWS: readonly CallbackId[] = [CALLBACK.tokenForm, CALLBACK.tokenRotateForm, CALLBACK.requestAccess, CALLBACK.approveJoinRequest, CALLBACK.rejectJoinRequest];

/** `block_id` of fixed blocks; per-item blocks use `itemBlockId`. */
export const BLOCK = {
  notice: 'kbc_notice',
  tokenDescription: 'kbc_token_description',
  tokenExpiryDays: 'kbc_token_expiry_days',
  tokenExpiryDate: 'kbc_token_expiry_date',
  tokenTotp: 'kbc_token_totp',
  tokenSecret: 'kbc_token_secret',
  tokenRotateGrace: 'kbc_token_rotate_grace',
  invitation: 'kbc_invitation',
  invitationActions: 'kbc_invitation_actions',
  joinRequest: 'kbc_join_request',
  joinRequestActions: 'kbc_join_request_actions',
  notification: 'kbc_notification',
  notificationActions: 'kbc_notification_actions',
  token: 'kbc_token',
  tokenActions: 'kbc_token_actions',
  homeActions: 'kbc_home_actions',
  homeLink: 'kbc_home_link',
  homeAccount: 'kbc_home_account',
  homeTokens: 'kbc_home_tokens',
  dmPreferences: 'kbc_dm_preferences',
  homeProjects: 'kbc_home_projects',
  homeJoinRequests: 'kbc_home_join_requests',
  ownJoinRequest: 'kbc_own_join_request',
  homeRequestsToAnswer: 'kbc_home_requests_to_answer',
  requestToAnswer: 'kbc_request_to_answer',
  requestToAnswerActions: 'kbc_request_to_answer_actions',
  requestsToAnswerPages: 'kbc_requests_to_answer_pages',
  requestProject: 'kbc_request_project',
  requestReason: 'kbc_request_reason',
  requestDays: 'kbc_request_days',
  approveRole: 'kbc_approve_role',
  rejectReason: 'kbc_reject_reason',
  membershipReminder: 'kbc_membership_reminder',
  mfaDeadline: 'kbc_mfa_deadline',
  reminderActions: 'kbc_reminder_actions',
} as const;

/**
 * A block id unique within a view for one item (`kbc_invitation:inv_123`). Slack requires block
 * ids to be unique in a view and at most 255 characters; item ids are far shorter.
 */
export const itemBlockId = (prefix: string, itemId: string): string => `${prefix}:${itemId}`.slice(0, 255);
