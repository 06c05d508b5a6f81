import type { SlackDeps } from '../../context.ts';
import { openModalListener } from './action-context.ts';

/** The buttons that open a modal (Home tab, DMs, the status reply, the tokens modal). */
export const openInvitations = (deps: SlackDeps) => openModalListener(deps, 'invitations');
export const openNotifications = (deps: SlackDeps) => openModalListener(deps, 'notifications');
export const openTokenForm = (deps: SlackDeps) => openModalListener(deps, 'tokenForm');
export const openTokens = (deps: SlackDeps) => openModalListener(deps, 'tokens');
/** Rotate in the tokens modal: the rotation form for the token the button names, pushed over the list. */
export const openTokenRotate = (deps: SlackDeps) => openModalListener(deps, 'tokenRotate', { withItem: true });
/** "Ask to join a project" (Home tab, `/kbc projects`, the join requests modal): the request form. */
export const openRequestAccess = (deps: SlackDeps) => openModalListener(deps, 'requestAccess');
/** "My projects" under a membership reminder: the projects with role, member until and MFA required. */
export const openProjects = (deps: SlackDeps) => openModalListener(deps, 'projects');
/** "My join requests": the account's own requests, pending ones with Cancel. */
export const openJoinRequests = (deps: SlackDeps) => openModalListener(deps, 'joinRequests');
/** "All requests" on the Home tab: the pending requests to join the projects one admins, with Approve / Reject, paged. */
export const openRequestsToAnswer = (deps: SlackDeps) => openModalListener(deps, 'requestsToAnswer');
