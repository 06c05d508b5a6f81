import type { CoreContext } from '../context.ts';
import type { Invitation } from '../store/schema.ts';
import { AccountError } from '../errors.ts';
import { newId } from '../shared/random.ts';
import { addDays, iso } from '../shared/time.ts';
import { pageLimit } from '../shared/paging.ts';
import { ALL } from '../store/indexes.ts';
import { PAGE_LIMIT_MAX, type Page } from '../store/store.ts';
import { nextNumericId } from '../store/sequences.ts';
import { normalizeEmail } from '../accounts/email.ts';
import { findAccountByEmail, requireAccount } from '../accounts/model.ts';
import { recordSecurityEvent, viaOf, type FrontOptions } from '../security/events.ts';
import { addMember, requireProject, validRole } from '../projects/model.ts';
import { isActiveMember, validMembershipDays } from '../projects/membership.ts';
import { assertMayJoin } from '../projects/mfa-requirement.ts';
import {
  INVITATION_DEFAULT_EXPIRY_DAYS,
  INVITATION_DEFAULT_ROLE,
  INVITATION_HISTORY_DAYS,
  INVITATION_MAX_EXPIRY_DAYS,
  INVITATION_PAGE_DEFAULT,
} from './constants.ts';
import {
  assertOpen,
  assertProjectAdmin,
  findOpenInvitation,
  requireInvitation,
  requireOwnInvitation,
  resolveInviter,
  openInvitationsOf,
  stateOf,
  toInvitationView,
  validExpiryDays,
  validReason,
} from './model.ts';
import { notifyInvitee } from './notify.ts';
import type { AcceptedInvitation, InvitationListQuery, InvitationView } from './types.ts';

/** What `create` takes. `role` is checked against ROLES, so a front end may pass raw input. */
export interface CreateInvitationInput {
  readonly projectId: string;
  readonly email: string;
  /** @default 'guest' */
  readonly role?: string;
  /** Lifetime in whole days, 1–30. @default 7 */
  readonly expiresInDays?: number;
  /** Shown to the invitee; at most 500 characters. */
  readonly reason?: string | null;
  /** An `admin` member of the project inviting; absent: the operator. */
  readonly invitedBy?: { readonly accountId: string };
  /** The membership an accept makes ends this many days after the accept (1–365); absent: no end. */
  readonly membershipExpiresInDays?: number;
}

/** Newest first; invitations created in the same millisecond by the later number (creation order). */
const newestFirst = (a: InvitationView, b: InvitationView) => b.createdAt.localeCompare(a.createdAt) || b.numericId - a.numericId;

export function createInvitationsService(ctx: CoreContext) {
  const { store, clock, random } = ctx;

  return {
    /**
     * Invites an email to a project. The email need not have an account yet: the invitation waits
     * (within its expiry) and shows up once an account with that email exists.
     */
    async create(input: CreateInvitationInput): Promise<InvitationView> {
      const email = normalizeEmail(input.email);
      const role = validRole(input.role ?? INVITATION_DEFAULT_ROLE);
      const days = validExpiryDays(input.expiresInDays ?? INVITATION_DEFAULT_EXPIRY_DAYS);
      const reason = validReason(input.reason);
      const membershipDays = input.membershipExpiresInDays === undefined ? undefined : validMembershipDays(input.membershipExpiresInDays);
      const now = clock.now();
      return store.transact(async (tx) => {
        // Read first: a transaction holds what it read (a row lock on PostgreSQL), so two
        // invitations to one project are checked one after the other and no duplicate slips in.
        const project = await requireProject(tx, input.projectId);
        const invitedBy = await resolveInviter(tx, project.id, input.invitedBy?.accountId);
        const invitee = await findAccountByEmail(tx, email);
        if (invitee && isActiveMember(project, invitee.id, now)) {
          throw new AccountError('ALREADY_MEMBER', `${email} is already a member of ${project.name}.`, { email, projectId: project.id });
        }
        const open = await findOpenInvitation(tx, email, project.id, now);
        if (open) {
          throw new AccountError(
            'INVITATION_DUPLICATE',
            `${email} already has a pending invitation to ${project.name} (${open.id}, expires ${open.expiresAt}); cancel it first to send a new one.`,
            { email, projectId: project.id, invitationId: open.id, expiresAt: open.expiresAt },
          );
        }
        const invitation: Invitation = {
          id: newId(random, 'inv'),
          numericId: await nextNumericId(tx, 'invitations'),
          email,
          projectId: project.id,
          role,
          reason,
          invitedBy,
          createdAt: iso(now),
          expiresAt: iso(addDays(now, days)),
          status: 'pending',
          answeredAt: null,
          ...(membershipDays ? { membershipDays } : {}),
        };
        tx.put('invitations', invitation.id, invitation);
        await notifyInvitee(tx, now, random, invitation, 'created');
        return toInvitationView(tx, invitation, now);
      });
    },

    /** The account's open invitations (addressed to its email, pending, not expired), newest first. */
    async listPending(accountId: string): Promise<InvitationView[]> {
      const now = clock.now();
      return store.view(async (view) => {
        const account = await requireAccount(view, accountId);
        const views: InvitationView[] = [];
        for (const invitation of await openInvitationsOf(view, account.email, now)) {
          if (!(await view.get('projects', invitation.projectId))) continue;
          views.push(await toInvitationView(view, invitation, now));
        }
        return views.sort(newestFirst);
      });
    },

    /**
     * The account's answered invitations (accepted, declined, expired, cancelled) of the last
     * INVITATION_HISTORY_DAYS, newest answer first: read-only history. Reads the invitations
     * created since the oldest one that could have been answered in that time (history + the
     * longest lifetime), at most a page of the `email` index.
     */
    async listHistory(accountId: string): Promise<InvitationView[]> {
      const now = clock.now();
      const cutoff = addDays(now, -INVITATION_HISTORY_DAYS);
      return store.view(async (view) => {
        const account = await requireAccount(view, accountId);
        const { items } = await view.page('invitations', 'email', {
          key: account.email,
          order: 'desc',
          limit: PAGE_LIMIT_MAX,
          from: iso(addDays(cutoff, -INVITATION_MAX_EXPIRY_DAYS)),
        });
        const views: InvitationView[] = [];
        for (const invitation of items) {
          const state = stateOf(invitation, now);
          if (state === 'pending') continue;
          const settledAt = state === 'expired' ? invitation.expiresAt : invitation.answeredAt;
          if (settledAt === null || settledAt < iso(cutoff)) continue;
          views.push(await toInvitationView(view, invitation, now));
        }
        const settled = (v: InvitationView) => (v.status === 'expired' ? v.expiresAt : v.answeredAt ?? '');
        return views.sort((a, b) => settled(b).localeCompare(settled(a)) || b.numericId - a.numericId);
      });
    },

    /** One invitation addressed to the account, in whatever state it is (INVITATION_NOT_YOURS otherwise). */
    async get(accountId: string, invitationId: string): Promise<InvitationView> {
      const now = clock.now();
      return store.view(async (view) => toInvitationView(view, await requireOwnInvitation(view, accountId, invitationId), now));
    },

    /**
     * Operator: the invitations matching the filter, newest first, a page at a time: pass a page's
     * `next` as `after` for the next one. One page reads at most `limit` invitations of the
     * narrowest index (the email's, else the project's, else all), and the other filters are
     * applied to those, so a filtered page may hold fewer (even none) while `next` is not null.
     * @param limit invitations read per page, 1–PAGE_LIMIT_MAX. @default INVITATION_PAGE_DEFAULT
     */
    async list(query: InvitationListQuery = {}): Promise<Page<InvitationView>> {
      const limit = pageLimit(query.limit ?? INVITATION_PAGE_DEFAULT);
      const { projectId, status } = query;
      const now = clock.now();
      return store.view(async (view) => {
        if (projectId !== undefined) await requireProject(view, projectId);
        const email = query.email === undefined ? undefined : normalizeEmail(query.email);
        const range = { order: 'desc', limit, after: query.after ?? null } as const;
        const page =
          email !== undefined
            ? await view.page('invitations', 'email', { key: email, ...range })
            : await view.page('invitations', projectId !== undefined ? 'project' : 'all', { key: projectId ?? ALL, ...range });
        const items: InvitationView[] = [];
        for (const invitation of page.items) {
          if (projectId !== undefined && invitation.projectId !== projectId) continue;
          if (status !== undefined && stateOf(invitation, now) !== status) continue;
          items.push(await toInvitationView(view, invitation, now));
        }
        return { items, next: page.next };
      });
    },

    /**
     * Accepts: the account joins the project with the invited role in the same transaction. Every
     * check runs on the newest data, so of two concurrent accepts exactly one wins and the other
     * gets INVITATION_ALREADY_ANSWERED.
     */
    async accept(accountId: string, invitationId: string, options: FrontOptions = {}): Promise<AcceptedInvitation> {
      const now = clock.now();
      return store.transact(async (tx) => {
        const invitation = await requireOwnInvitation(tx, accountId, invitationId);
        await assertOpen(tx, invitation, now);
        const project = await requireProject(tx, invitation.projectId);
        const summary = { id: project.id, numericId: project.numericId, name: project.name };
        const membership = project.members[accountId];
        if (isActiveMember(project, accountId, now) && membership) {
          // Added directly meanwhile: what the invitation offered is done. It is closed as accepted
          // (nothing is left to answer, and declining it would read as refusing the project), and
          // the membership stays as it is: an invitation never changes an existing member's role.
          invitation.status = 'accepted';
          invitation.answeredAt = iso(now);
          await notifyInvitee(tx, now, random, invitation, 'accepted', { alreadyMember: true });
          return { invitation: await toInvitationView(tx, invitation, now), project: summary, alreadyMember: true, memberRole: membership.role };
        }
        // Keboola's `manage.mfaRequired`; the dashboard takes the user through enabling MFA and back here.
        assertMayJoin(project, await requireAccount(tx, accountId));
        // As Keboola does, the invitation's role, reason and lifetime carry over to the membership.
        addMember(project, accountId, invitation.role, now, { days: invitation.membershipDays ?? null, reason: invitation.reason });
        invitation.status = 'accepted';
        invitation.answeredAt = iso(now);
        await notifyInvitee(tx, now, random, invitation, 'accepted');
        await recordSecurityEvent(tx, now, random, accountId, 'project.joined', {
          projectId: project.id,
          projectName: project.name,
          role: invitation.role,
          invitationId,
          ...viaOf(options),
        });
        return { invitation: await toInvitationView(tx, invitation, now), project: summary, alreadyMember: false, memberRole: invitation.role };
      });
    },

    /** Declines: the invitation is closed for good and can never be accepted. */
    async decline(accountId: string, invitationId: string): Promise<InvitationView> {
      const now = clock.now();
      return store.transact(async (tx) => {
        const invitation = await requireOwnInvitation(tx, accountId, invitationId);
        await assertOpen(tx, invitation, now);
        invitation.status = 'declined';
        invitation.answeredAt = iso(now);
        await notifyInvitee(tx, now, random, invitation, 'declined');
        return toInvitationView(tx, invitation, now);
      });
    },

    /**
     * Withdraws an open invitation: by the operator, or by an `admin` member of its project when
     * `by` is given. Answered, cancelled and expired invitations cannot be cancelled.
     */
    async cancel(invitationId: string, by?: { readonly accountId: string }): Promise<InvitationView> {
      const now = clock.now();
      return store.transact(async (tx) => {
        const invitation = await requireInvitation(tx, invitationId);
        if (by) await assertProjectAdmin(tx, invitation.projectId, by.accountId, 'cancel its invitations');
        await assertOpen(tx, invitation, now);
        invitation.status = 'cancelled';
        invitation.answeredAt = iso(now);
        await notifyInvitee(tx, now, random, invitation, 'cancelled');
        return toInvitationView(tx, invitation, now);
      });
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
