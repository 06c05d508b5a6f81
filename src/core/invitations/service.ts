import type { CoreContext } from '../context.ts';
import type { Invitation } from '../store/schema.ts';
import { AccountError } from '../errors.ts';
import { newId } from '../shared/random.ts';
import { addDays, iso } from '../shared/time.ts';
import { normalizeEmail } from '../accounts/email.ts';
import { findAccountByEmail, requireAccount } from '../accounts/model.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { addMember, isMember, requireProject, validRole } from '../projects/model.ts';
import { INVITATION_DEFAULT_EXPIRY_DAYS, INVITATION_DEFAULT_ROLE } from './constants.ts';
import {
  assertOpen,
  assertProjectAdmin,
  findOpenInvitation,
  requireInvitation,
  requireOwnInvitation,
  resolveInviter,
  invitationsOf,
  stateOf,
  toInvitationView,
  validExpiryDays,
  validReason,
} from './model.ts';
import { notifyInvitee } from './notify.ts';
import type { AcceptedInvitation, InvitationFilter, InvitationView } from './types.ts';

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
}

const newestFirst = (a: InvitationView, b: InvitationView) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);

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
      const now = clock.now();
      return store.transact((doc) => {
        const project = requireProject(doc, input.projectId);
        const invitedBy = resolveInviter(doc, project.id, input.invitedBy?.accountId);
        const invitee = findAccountByEmail(doc, email);
        if (invitee && isMember(project, invitee.id)) {
          throw new AccountError('ALREADY_MEMBER', `${email} is already a member of ${project.name}.`, { email, projectId: project.id });
        }
        const open = findOpenInvitation(doc, email, project.id, now);
        if (open) {
          throw new AccountError(
            'INVITATION_DUPLICATE',
            `${email} already has a pending invitation to ${project.name} (${open.id}, expires ${open.expiresAt}); cancel it first to send a new one.`,
            { email, projectId: project.id, invitationId: open.id, expiresAt: open.expiresAt },
          );
        }
        const invitation: Invitation = {
          id: newId(random, 'inv'),
          email,
          projectId: project.id,
          role,
          reason,
          invitedBy,
          createdAt: iso(now),
          expiresAt: iso(addDays(now, days)),
          status: 'pending',
          answeredAt: null,
        };
        doc.invitations[invitation.id] = invitation;
        notifyInvitee(doc, now, random, invitation, 'created');
        return toInvitationView(doc, invitation, now);
      });
    },

    /** The account's open invitations (addressed to its email, pending, not expired), newest first. */
    async listPending(accountId: string): Promise<InvitationView[]> {
      const doc = await store.read();
      const now = clock.now();
      const account = requireAccount(doc, accountId);
      return invitationsOf(doc, account.email)
        .filter((invitation) => stateOf(invitation, now) === 'pending' && doc.projects[invitation.projectId])
        .map((invitation) => toInvitationView(doc, invitation, now))
        .sort(newestFirst);
    },

    /** One invitation addressed to the account, in whatever state it is (INVITATION_NOT_YOURS otherwise). */
    async get(accountId: string, invitationId: string): Promise<InvitationView> {
      const doc = await store.read();
      return toInvitationView(doc, requireOwnInvitation(doc, accountId, invitationId), clock.now());
    },

    /** Operator: every invitation matching the filter, newest first. */
    async list(filter: InvitationFilter = {}): Promise<InvitationView[]> {
      const doc = await store.read();
      const now = clock.now();
      if (filter.projectId !== undefined) requireProject(doc, filter.projectId);
      const email = filter.email === undefined ? undefined : normalizeEmail(filter.email);
      return (email === undefined ? Object.values(doc.invitations) : invitationsOf(doc, email))
        .filter((invitation) => filter.projectId === undefined || invitation.projectId === filter.projectId)
        .map((invitation) => toInvitationView(doc, invitation, now))
        .filter((view) => filter.status === undefined || view.status === filter.status)
        .sort(newestFirst);
    },

    /**
     * Accepts: the account joins the project with the invited role in the same transaction. Every
     * check runs on the newest data, so of two concurrent accepts exactly one wins and the other
     * gets INVITATION_ALREADY_ANSWERED.
     */
    async accept(accountId: string, invitationId: string): Promise<AcceptedInvitation> {
      const now = clock.now();
      return store.transact((doc) => {
        const invitation = requireOwnInvitation(doc, accountId, invitationId);
        assertOpen(doc, invitation, now);
        const project = requireProject(doc, invitation.projectId);
        if (isMember(project, accountId)) {
          throw new AccountError(
            'ALREADY_MEMBER',
            `You are already a member of ${project.name}; decline the invitation to dismiss it.`,
            { projectId: project.id, invitationId },
          );
        }
        addMember(project, accountId, invitation.role, now);
        invitation.status = 'accepted';
        invitation.answeredAt = iso(now);
        notifyInvitee(doc, now, random, invitation, 'accepted');
        recordSecurityEvent(doc, now, random, accountId, 'project.joined', {
          projectId: project.id,
          projectName: project.name,
          role: invitation.role,
          invitationId,
        });
        return { invitation: toInvitationView(doc, invitation, now), project: { id: project.id, name: project.name } };
      });
    },

    /** Declines: the invitation is closed for good and can never be accepted. */
    async decline(accountId: string, invitationId: string): Promise<InvitationView> {
      const now = clock.now();
      return store.transact((doc) => {
        const invitation = requireOwnInvitation(doc, accountId, invitationId);
        assertOpen(doc, invitation, now);
        invitation.status = 'declined';
        invitation.answeredAt = iso(now);
        notifyInvitee(doc, now, random, invitation, 'declined');
        return toInvitationView(doc, invitation, now);
      });
    },

    /**
     * Withdraws an open invitation: by the operator, or by an `admin` member of its project when
     * `by` is given. Answered, cancelled and expired invitations cannot be cancelled.
     */
    async cancel(invitationId: string, by?: { readonly accountId: string }): Promise<InvitationView> {
      const now = clock.now();
      return store.transact((doc) => {
        const invitation = requireInvitation(doc, invitationId);
        if (by) assertProjectAdmin(doc, invitation.projectId, by.accountId, 'cancel its invitations');
        assertOpen(doc, invitation, now);
        invitation.status = 'cancelled';
        invitation.answeredAt = iso(now);
        notifyInvitee(doc, now, random, invitation, 'cancelled');
        return toInvitationView(doc, invitation, now);
      });
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
