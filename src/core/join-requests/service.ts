import type { CoreContext } from '../context.ts';
import type { JoinRequest, ProjectRole } from '../store/schema.ts';
import type { Page, StoreTransaction } from '../store/store.ts';
import { AccountError } from '../errors.ts';
import { newId } from '../shared/random.ts';
import { addDays, iso } from '../shared/time.ts';
import { ownEntry } from '../shared/records.ts';
import { requireAccount } from '../accounts/model.ts';
import { nextNumericId } from '../store/sequences.ts';
import { recordSecurityEvent, viaOf, type FrontOptions } from '../security/events.ts';
import { requireProject, requireProjectNamed, validRole } from '../projects/model.ts';
import { DEFAULT_MEMBER_ROLE } from '../projects/constants.ts';
import { isActiveMember, newMember } from '../projects/membership.ts';
import { ALL } from '../store/indexes.ts';
import { pageLimit } from '../shared/paging.ts';
import { assertMayJoin } from '../projects/mfa-requirement.ts';
import { assertProjectAdmin, findOpenInvitation } from '../invitations/model.ts';
import { OPERATOR_INVITER } from '../invitations/constants.ts';
import { JOIN_REQUEST_EXPIRY_DAYS, JOIN_REQUEST_PAGE } from './constants.ts';
import { accountProjectKey } from './indexes.ts';
import { assertRequestOpen, requestState, requireJoinRequest, toJoinRequestView, validRequestLifetime, validRequestReason } from './model.ts';
import { tellAdminsOfRequest, tellOfAnswer } from './notify.ts';
import type { JoinRequestView } from './types.ts';

/** What `request` takes. */
export interface JoinRequestInput {
  /** The project: its id (`prj_…`) or the number the platform shows. */
  readonly projectId: string;
  /** Shown to the admins; at most 500 characters. */
  readonly reason?: string | null;
  /** The membership an approval makes lasts this many days (1–365); absent: no end. */
  readonly membershipDays?: number | null;
  /** Or this many seconds (1 s–365 days; Keboola's `expirationSeconds`); not with `membershipDays`. */
  readonly membershipSeconds?: number | null;
}

/** How an approval is made: the role the requester gets, and through which front end. */
export interface ApproveOptions extends FrontOptions {
  /** The requester's role in the project, validated like an invitation's. @default 'guest' (DEFAULT_MEMBER_ROLE) */
  readonly role?: ProjectRole | undefined;
}

/** How a rejection is made. */
export interface RejectOptions extends FrontOptions {
  /** Why, shown to the requester; at most 500 characters. */
  readonly reason?: string | null | undefined;
}

/** Which pending requests the operator lists. */
export interface PendingFilter {
  /** Only the requests to this project. */
  readonly projectId?: string | undefined;
  /** Requests per page, 1–PAGE_LIMIT_MAX. @default JOIN_REQUEST_PAGE */
  readonly limit?: number | undefined;
  /** A page's `next`, for the page after it. */
  readonly after?: string | null | undefined;
}

/** Who answers: an admin of the project, or the operator when absent. */
export type Answerer = { readonly accountId: string } | undefined;

export function createJoinRequestsService(ctx: CoreContext) {
  const { store, clock, random } = ctx;

  /** The request, checked open and answerable by `by`; the transaction's copy. */
  async function openForAnswer(tx: StoreTransaction, requestId: string, by: Answerer, action: string, now: Date): Promise<JoinRequest> {
    const request = await requireJoinRequest(tx, requestId);
    const project = await requireProject(tx, request.projectId);
    // A non-admin learns nothing about the request, whatever state it is in.
    if (by) await assertProjectAdmin(tx, project.id, by.accountId, action);
    assertRequestOpen(request, now, project.name);
    return request;
  }

  async function answererLabel(tx: StoreTransaction, by: Answerer): Promise<NonNullable<JoinRequest['answeredBy']>> {
    if (!by) return { ...OPERATOR_INVITER };
    const account = await requireAccount(tx, by.accountId);
    return { type: 'account', id: account.id, label: `${account.name} (${account.email})` };
  }

  return {
    /**
     * Asks to join a project by its id. Refused when already a member (ALREADY_MEMBER), invited
     * (ALREADY_INVITED: accept the invitation instead), with a pending request to it already
     * (JOIN_REQUEST_DUPLICATE), or without MFA for a project that requires it. The admins are told.
     */
    async request(accountId: string, input: JoinRequestInput, options: FrontOptions = {}): Promise<JoinRequestView> {
      const reason = validRequestReason(input.reason);
      const membershipSeconds = validRequestLifetime(input);
      const now = clock.now();
      return store.transact(async (tx) => {
        const account = await requireAccount(tx, accountId);
        const project = await requireProjectNamed(tx, String(input.projectId));
        if (isActiveMember(project, accountId, now)) {
          throw new AccountError('ALREADY_MEMBER', `You are already a member of ${project.name}.`, { projectId: project.id });
        }
        const invitation = await findOpenInvitation(tx, account.email, project.id, now);
        if (invitation) {
          throw new AccountError('ALREADY_INVITED', `You are already invited to ${project.name}: accept the invitation instead.`, {
            projectId: project.id,
            invitationId: invitation.id,
          });
        }
        assertMayJoin(project, account);
        for (const earlier of await tx.find('joinRequests', 'pending', accountProjectKey(accountId, project.id))) {
          if (requestState(earlier, now) === 'pending') {
            throw new AccountError('JOIN_REQUEST_DUPLICATE', `You already asked to join ${project.name}; wait for an answer or cancel that request.`, {
              projectId: project.id,
              requestId: earlier.id,
            });
          }
          // Expired unanswered: stored as such, so the new one takes its place in the unique index.
          earlier.status = 'expired';
        }
        const request: JoinRequest = {
          id: newId(random, 'jrq'),
          numericId: await nextNumericId(tx, 'joinRequests'),
          accountId,
          projectId: project.id,
          reason,
          membershipSeconds,
          createdAt: iso(now),
          expiresAt: iso(addDays(now, JOIN_REQUEST_EXPIRY_DAYS)),
          status: 'pending',
          answeredAt: null,
          answeredBy: null,
        };
        tx.put('joinRequests', request.id, request);
        await recordSecurityEvent(tx, now, random, accountId, 'join_request.created', { requestId: request.id, projectId: project.id, projectName: project.name, ...viaOf(options) });
        await tellAdminsOfRequest(tx, now, random, request);
        return toJoinRequestView(tx, request, now);
      });
    },

    /** The account's own requests, newest first (the last JOIN_REQUEST_PAGE). */
    async listOwn(accountId: string): Promise<JoinRequestView[]> {
      const now = clock.now();
      return store.view(async (view) => {
        await requireAccount(view, accountId);
        const { items } = await view.page('joinRequests', 'account', { key: accountId, order: 'desc', limit: JOIN_REQUEST_PAGE });
        return Promise.all(items.map((request) => toJoinRequestView(view, request, now)));
      });
    },

    /** Cancels one of the account's pending requests; the admins' DMs say so. */
    async cancel(accountId: string, requestId: string): Promise<JoinRequestView> {
      const now = clock.now();
      return store.transact(async (tx) => {
        const request = await requireJoinRequest(tx, requestId);
        if (request.accountId !== accountId) throw new AccountError('JOIN_REQUEST_NOT_FOUND', 'No such join request.', { requestId });
        const project = await requireProject(tx, request.projectId);
        assertRequestOpen(request, now, project.name);
        request.status = 'cancelled';
        request.answeredAt = iso(now);
        await recordSecurityEvent(tx, now, random, accountId, 'join_request.cancelled', { requestId, projectId: project.id, projectName: project.name });
        await tellOfAnswer(tx, now, random, request);
        return toJoinRequestView(tx, request, now);
      });
    },

    /** The pending requests to the projects `accountId` is an admin of, oldest first. */
    async listToAnswer(accountId: string): Promise<JoinRequestView[]> {
      const now = clock.now();
      return store.view(async (view) => {
        await requireAccount(view, accountId);
        const projects = (await view.find('projects', 'member', accountId)).filter((project) => ownEntry(project.members, accountId)?.role === 'admin');
        const views: JoinRequestView[] = [];
        for (const project of projects) {
          const { items } = await view.page('joinRequests', 'projectPending', { key: project.id, limit: JOIN_REQUEST_PAGE });
          for (const request of items) if (requestState(request, now) === 'pending') views.push(await toJoinRequestView(view, request, now));
        }
        return views.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.numericId - b.numericId);
      });
    },

    /** One request as its requester or an admin of its project sees it (JOIN_REQUEST_NOT_FOUND for anyone else). */
    async get(accountId: string, requestId: string): Promise<JoinRequestView> {
      const now = clock.now();
      return store.view(async (view) => {
        const request = await requireJoinRequest(view, requestId);
        const project = await view.get('projects', request.projectId);
        if (request.accountId !== accountId && ownEntry(project?.members ?? {}, accountId)?.role !== 'admin') {
          throw new AccountError('JOIN_REQUEST_NOT_FOUND', 'No such join request.', { requestId });
        }
        return toJoinRequestView(view, request, now);
      });
    },

    /**
     * Operator: the pending requests, oldest first, to one project or to all of them, a page at a
     * time (pass a page's `next` as `after`). A page may hold fewer than `limit` while more follow:
     * requests that expired unanswered are left out.
     */
    async listPending(filter: PendingFilter = {}): Promise<Page<JoinRequestView>> {
      const limit = pageLimit(filter.limit ?? JOIN_REQUEST_PAGE);
      const now = clock.now();
      return store.view(async (view) => {
        const cursor = { limit, after: filter.after ?? null };
        const page =
          filter.projectId === undefined
            ? await view.page('joinRequests', 'allPending', { key: ALL, ...cursor })
            : await view.page('joinRequests', 'projectPending', { key: (await requireProject(view, String(filter.projectId))).id, ...cursor });
        const open = page.items.filter((request) => requestState(request, now) === 'pending');
        return { items: await Promise.all(open.map((request) => toJoinRequestView(view, request, now))), next: page.next };
      });
    },

    /**
     * The request as `by`, an admin of its project, would answer it now; else the error approve
     * and reject would give (NOT_PROJECT_ADMIN, JOIN_REQUEST_ALREADY_ANSWERED, JOIN_REQUEST_EXPIRED).
     * Changes nothing: for a front end that asks something (the role) before it answers.
     */
    async getToAnswer(requestId: string, by: { readonly accountId: string }): Promise<JoinRequestView> {
      const now = clock.now();
      return store.view(async (view) => {
        const request = await requireJoinRequest(view, requestId);
        const project = await requireProject(view, request.projectId);
        await assertProjectAdmin(view, project.id, by.accountId, 'answer requests to join it');
        assertRequestOpen(request, now, project.name);
        return toJoinRequestView(view, request, now);
      });
    },

    /**
     * Approves: the requester becomes a member (with `options.role`, guest unless told, and the
     * request's lifetime) in the same transaction. Of two answers at once exactly one wins; the other
     * gets JOIN_REQUEST_ALREADY_ANSWERED. `by` must be an admin of the project (NOT_PROJECT_ADMIN);
     * absent, the operator answers. INVALID_ROLE for a role that is none of ROLES.
     */
    async approve(requestId: string, by: Answerer, options: ApproveOptions = {}): Promise<JoinRequestView> {
      const role = validRole(options.role ?? DEFAULT_MEMBER_ROLE);
      const now = clock.now();
      return store.transact(async (tx) => {
        const request = await openForAnswer(tx, requestId, by, 'answer requests to join it', now);
        const project = await requireProject(tx, request.projectId);
        const requester = await requireAccount(tx, request.accountId);
        if (isActiveMember(project, requester.id, now)) {
          throw new AccountError('ALREADY_MEMBER', `${requester.email} is already a member of ${project.name}.`, { projectId: project.id, email: requester.email });
        }
        assertMayJoin(project, requester);
        project.members[requester.id] = newMember(role, now, { seconds: request.membershipSeconds, reason: request.reason });
        request.status = 'approved';
        request.approvedRole = role;
        request.answeredAt = iso(now);
        request.answeredBy = await answererLabel(tx, by);
        await recordSecurityEvent(tx, now, random, requester.id, 'project.joined', {
          projectId: project.id,
          projectName: project.name,
          role,
          requestId,
          ...viaOf(options),
        });
        await tellOfAnswer(tx, now, random, request);
        return toJoinRequestView(tx, request, now);
      });
    },

    /** Rejects: the requester is told, with `options.reason` when given. Same rules as `approve`. */
    async reject(requestId: string, by: Answerer, options: RejectOptions = {}): Promise<JoinRequestView> {
      const reason = validRequestReason(options.reason, 'reason');
      const now = clock.now();
      return store.transact(async (tx) => {
        const request = await openForAnswer(tx, requestId, by, 'answer requests to join it', now);
        request.status = 'rejected';
        request.answeredAt = iso(now);
        request.answeredBy = await answererLabel(tx, by);
        if (reason !== null) request.rejectionReason = reason;
        const project = await requireProject(tx, request.projectId);
        await recordSecurityEvent(tx, now, random, request.accountId, 'join_request.rejected', { requestId, projectId: project.id, projectName: project.name });
        await tellOfAnswer(tx, now, random, request);
        return toJoinRequestView(tx, request, now);
      });
    },
  };
}

export type JoinRequestsService = ReturnType<typeof createJoinRequestsService>;
