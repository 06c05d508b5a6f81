import { z } from 'zod';
import { NOTIFICATION_KINDS, ROLES } from './enums.ts';

/**
 * The one JSON document every process shares. Collections are keyed by id so a lookup never
 * scans; times are ISO-8601 strings in UTC. Bump SCHEMA_VERSION with a migration in
 * `migrations.ts` whenever a stored shape changes.
 */
export const SCHEMA_VERSION = 8;

const isoTime = z.iso.datetime({ offset: true });
/**
 * A key of a record (an id, a metric, a code). Never `__proto__`: assigned to a plain object,
 * that name changes the object's prototype instead of adding an entry.
 */
const key = z.string().refine((value) => value !== '__proto__', { message: '"__proto__" is not allowed as a key' });
const id = key.min(1);
/**
 * The number a client names an entry by (the Management API; Keboola's clients type ids as
 * integers), beside the internal id: 1, 2, 3… per collection, taken from `sequences` in the
 * transaction that creates the entry (store/sequences.ts), unique by the `numericId` index.
 */
const numericId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export { ROLES, NOTIFICATION_KINDS };
export const roleSchema = z.enum(ROLES);

const recoveryCodeSchema = z.object({
  /** sha256 of the normalised code; the code itself is shown once and never stored. */
  hash: z.string(),
  usedAt: isoTime.nullable(),
});

const mfaSchema = z.object({
  enabled: z.boolean(),
  /** AES-256-GCM sealed TOTP secret of the active factor. */
  secret: z.string().nullable(),
  enabledAt: isoTime.nullable(),
  /** The last accepted TOTP time step: a code at or before it is a replay. */
  lastUsedStep: z.number().int().nullable(),
  recoveryCodes: z.array(recoveryCodeSchema),
  /** An enrolment that has not been activated with a correct code yet. */
  pending: z.object({ secret: z.string(), startedAt: isoTime }).nullable(),
});

/**
 * The kinds of direct message a person may turn off (notification preferences): the four kinds of
 * notification, invitations, and token expiry reminders. The bell shows every notification anyway.
 */
export const DM_KINDS = ['announcement', 'deprecation', 'migration', 'limit', 'invitation', 'token_reminder', 'project_reminder'] as const;

export const accountSchema = z.object({
  id,
  numericId,
  email: z.string(),
  name: z.string(),
  passwordHash: z.string(),
  createdAt: isoTime,
  passwordChangedAt: isoTime,
  /** Failed login attempts inside the lockout window, oldest first. */
  failedLogins: z.array(isoTime),
  lockedUntil: isoTime.nullable(),
  mfa: mfaSchema,
  /**
   * The kinds of direct message the person turned off, with when they last changed it. Optional, so
   * documents from before preferences stay valid without a migration: absent, every kind is on.
   */
  dmPreferences: z.object({ off: z.array(z.enum(DM_KINDS)), updatedAt: isoTime }).optional(),
});

export const securityEventSchema = z.object({
  id,
  type: z.string(),
  at: isoTime,
  /** Non-secret context: an IP-less front-end name, a token description, a project id. */
  details: z.record(key, z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

/** Reminders a time-boxed member gets before the membership ends (see projects/membership.ts). */
export const MEMBERSHIP_REMINDERS = ['7d', '1d'] as const;

/*
 * The membership fields after `joinedAt` are optional, so documents written before time-boxed
 * membership existed stay valid: a member without them is a member until removed.
 */
const memberSchema = z.object({
  role: roleSchema,
  joinedAt: isoTime,
  /** The membership ends at this instant (an invitation's or a join request's lifetime); absent: no end. */
  expiresAt: isoTime.optional(),
  /** Why the member was let in (the invitation's or join request's reason), as Keboola carries it over. */
  reason: z.string().nullable().optional(),
  /** The end-of-membership reminders already sent, each once. */
  remindersSent: z.array(z.enum(MEMBERSHIP_REMINDERS)).optional(),
});

export const projectSchema = z.object({
  id,
  numericId,
  name: z.string(),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  /** metric → maximum */
  limits: z.record(key, z.number()),
  /** metric → last recorded value */
  usage: z.record(key, z.object({ value: z.number(), recordedAt: isoTime })),
  /** Metrics currently over their limit; a breach notifies once until usage drops back. */
  breachedMetrics: z.array(z.string()),
  members: z.record(id, memberSchema),
  /**
   * Set while the project requires its members to have MFA: an invitation is accepted only with
   * MFA on, and a member without it loses access from `deadline` until they enable it.
   */
  mfaRequired: z.object({ since: isoTime, deadline: isoTime }).optional(),
  origin: z.discriminatedUnion('type', [
    z.object({ type: z.literal('operator') }),
    z.object({ type: z.literal('promo'), code: z.string(), accountId: id }),
  ]),
});

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'cancelled'] as const;

export const invitationSchema = z.object({
  id,
  numericId,
  email: z.string(),
  projectId: id,
  role: roleSchema,
  reason: z.string().nullable(),
  /** Who invited: an account id, or an operator label such as "operator". */
  invitedBy: z.object({ type: z.enum(['account', 'operator']), id: z.string(), label: z.string() }),
  createdAt: isoTime,
  expiresAt: isoTime,
  status: z.enum(INVITATION_STATUSES),
  answeredAt: isoTime.nullable(),
  /** The membership an accept makes ends this many days after the accept (Keboola's `expirationSeconds`); absent: no end. */
  membershipDays: z.number().int().positive().optional(),
});

export const JOIN_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'expired'] as const;

/** An account holder's request to join a project, answered once by one of its admins (or the operator). */
export const joinRequestSchema = z.object({
  id,
  numericId,
  accountId: id,
  projectId: id,
  reason: z.string().nullable(),
  /**
   * The membership an approval makes ends this many seconds after the approval (Keboola's
   * `expirationSeconds`); null: no end.
   */
  membershipSeconds: z.number().int().positive().nullable(),
  createdAt: isoTime,
  expiresAt: isoTime,
  /** `pending` past `expiresAt` is expired whether or not it was stored as such yet. */
  status: z.enum(JOIN_REQUEST_STATUSES),
  answeredAt: isoTime.nullable(),
  /** Who answered: an admin's account id and label, or the operator. */
  answeredBy: z.object({ type: z.enum(['account', 'operator']), id: z.string(), label: z.string() }).nullable(),
  /** The role an approval gave the requester. */
  approvedRole: roleSchema.optional(),
  /** Why it was rejected, as the answerer said (shown to the requester); absent: no reason given. */
  rejectionReason: z.string().optional(),
});

export const TOKEN_REMINDERS = ['7d', '1d'] as const;
/** Why a token was revoked: reported as leaked, or its family revoked after a rotated token was used again. */
export const TOKEN_REVOCATION_REASONS = ['leaked', 'reuse'] as const;

export const tokenSchema = z.object({
  id,
  numericId,
  accountId: id,
  description: z.string(),
  /** sha256 of the whole token; the token itself is shown once. */
  hash: z.string(),
  /** The last four characters, so a person can tell tokens apart. */
  hint: z.string(),
  createdAt: isoTime,
  expiresAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  remindersSent: z.array(z.enum(TOKEN_REMINDERS)),
  /*
   * The lifecycle fields below are optional, so documents written before rotation and revocation
   * existed stay valid without a migration: a token without them is its own family, never rotated,
   * never revoked.
   */
  /** The id of the first token of this one's rotation chain; absent: the token's own id. */
  familyId: id.optional(),
  /** The token this one replaced by rotation. */
  rotatedFrom: id.optional(),
  /** Set once the token was rotated: its successor, and until when the old token still works. */
  rotation: z.object({ replacedBy: id, at: isoTime, graceUntil: isoTime }).optional(),
  /** Set once the token was revoked: it works no more from `at`. */
  revocation: z
    .object({
      at: isoTime,
      reason: z.enum(TOKEN_REVOCATION_REASONS),
      /** Who revoked it, e.g. `public_revocation`, `slack_leak_detection`, `reuse_detection`. */
      source: z.string(),
    })
    .optional(),
});

export const notificationAudienceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('project'), projectId: id }),
  z.object({ type: z.literal('accounts'), accountIds: z.array(id).min(1) }),
]);

export const notificationSchema = z.object({
  id,
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  message: z.string(),
  link: z.string().nullable(),
  expiresAt: isoTime.nullable(),
  publishedAt: isoTime,
  audience: notificationAudienceSchema,
  source: z.enum(['operator', 'system']),
});

export const notificationReadStateSchema = z.object({
  /**
   * "Mark all read": everything published STRICTLY BEFORE this instant counts as read; ones from
   * the same millisecond count only through `read` (see notifications/read-state.ts).
   */
  allReadAt: isoTime.nullable(),
  /** notification id → when it was read */
  read: z.record(id, isoTime),
});

export const promoCodeSchema = z.object({
  /** Upper-cased; also the key. */
  code: z.string(),
  description: z.string(),
  maxUses: z.number().int().positive().nullable(),
  uses: z.number().int().nonnegative(),
  expiresAt: isoTime.nullable(),
  createdAt: isoTime,
  project: z.object({
    namePrefix: z.string(),
    limits: z.record(key, z.number()),
    /** Lifetime of the created project in days; null: it does not expire. */
    expiresInDays: z.number().int().positive().nullable(),
  }),
});

export const promoRedemptionSchema = z.object({
  id,
  code: z.string(),
  accountId: id,
  projectId: id,
  redeemedAt: isoTime,
});

export const slackLinkCodeSchema = z.object({
  /** The verifier of the code (also the key): the code itself is shown once and never stored. */
  hash: z.string(),
  accountId: id,
  createdAt: isoTime,
  expiresAt: isoTime,
});

export const slackLinkSchema = z.object({
  /** The linked account (also the key). */
  accountId: id,
  /** The workspace the link was made from: shown to people, not part of the identity. */
  teamId: z.string(),
  userId: z.string(),
  /** The Enterprise Grid org of the user, when the link was made inside one (see slackUserKey). */
  enterpriseId: z.string().optional(),
  linkedAt: isoTime,
  /** The keyed hash of the code the link was made with: the same command again is answered, not counted as a guess. */
  viaCode: z.string().optional(),
  /**
   * How people know the Slack user and the workspace (`@handle`, "Acme Data"), as Slack said at
   * link time or since (slack-link/names.ts): shown instead of the ids. Optional, so links made
   * before keep their shape and no migration is needed; an older program may drop them, which
   * only brings the ids back on screen.
   */
  handle: z.string().optional(),
  teamName: z.string().optional(),
});

export const OUTBOX_KINDS = [
  'invitation.created',
  'invitation.answered',
  'invitation.cancelled',
  'join-request.created',
  'join-request.answered',
  /** One DM listing the pending invitations of a newly linked account that has many (see invitations/notify.ts). */
  'invitation.summary',
  'notification.published',
  'token.expiring',
  /** A time-boxed membership ends in 7 days or 1 day (see projects/membership-sweep.ts). */
  'membership.expiring',
  /** A project the member belongs to now requires MFA, which they lack: the deadline (see projects/service.ts). */
  'project.mfa-required',
  'slack.linked',
  'slack.unlinked',
] as const;

/** A Slack user an outbox entry is addressed to, instead of whoever the account is linked to. */
export const slackRecipientSchema = z.object({
  teamId: z.string(),
  userId: z.string(),
  enterpriseId: z.string().optional(),
});

export const outboxEntrySchema = z.object({
  id,
  kind: z.enum(OUTBOX_KINDS),
  accountId: id,
  /** What the message is about, e.g. `invitation:inv_…`: a later entry with the same ref updates its message. */
  ref: z.string(),
  /** Non-secret data the Slack process renders. */
  payload: z.record(key, z.unknown()),
  /**
   * Whom to send to when it is not the account's current Slack user: the user an account was just
   * taken from (told that it was). Such an entry survives the account's later unlinks.
   */
  recipient: slackRecipientSchema.optional(),
  createdAt: isoTime,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: isoTime,
  claimedBy: z.string().nullable(),
  claimedUntil: isoTime.nullable(),
  lastError: z.string().nullable(),
  deliveredAt: isoTime.nullable(),
});

export const slackMessageSchema = z.object({
  /** The outbox ref the message shows (also the key). */
  ref: z.string(),
  channel: z.string(),
  ts: z.string(),
  updatedAt: isoTime,
  /** Whose DM it is: only that account's later entries may update it; dropped when it unlinks. */
  accountId: id,
  /**
   * When what the message shows runs out on its own (a pending invitation's or a reminded token's
   * expiry): then the ref's last message is queued again, to be rendered as things stand.
   */
  refreshAt: isoTime.optional(),
});

/** Why a session ended (see src/core/sessions). */
export const SESSION_END_REASONS = [
  'signed_out',
  'signed_out_everywhere',
  'password_changed',
  'mfa_disabled',
  'mfa_reset',
  'locked',
  'reauth_failed',
  'signed_out_remotely',
] as const;

/** Where a session was started: the front end that holds it. */
export const SESSION_FRONTS = ['dashboard', 'ssh', 'api', 'slack', 'cli'] as const;

/**
 * A signed-in session. The key is a digest of the secret the front end holds, never the secret:
 * a copy of the store lets nobody act as a signed-in user.
 */
export const sessionSchema = z.object({
  id,
  accountId: id,
  via: z.enum(SESSION_FRONTS),
  /** Where from, for the account's list of sessions ("local terminal", "ssh from 203.0.113.5"). */
  from: z.string(),
  createdAt: isoTime,
  lastActiveAt: isoTime,
  /** The last time the user proved who they are (password or second factor): sudo mode. */
  authenticatedAt: isoTime,
  /** Wrong passwords or codes given to confirm identity in this session, since the last right one. */
  failedReauths: z.number().int().nonnegative(),
  /** Why and when it ended; kept for a while so the front end holding it can say why. */
  ended: z.object({ at: isoTime, reason: z.enum(SESSION_END_REASONS) }).nullable(),
});

/**
 * Failed guesses counted against what a guesser can name: an email as typed (whether or not an
 * account has it), an account's promo-code guesses, a Slack user's link-code guesses. The key is
 * `scope:` plus a keyed digest, so a copy of the store does not list the emails people tried.
 * See security/throttle.ts.
 */
export const throttleSchema = z.object({
  /** `scope:digest` (also the key). */
  key: z.string(),
  /** Failures counted since the record was (re)started. */
  failures: z.number().int().nonnegative(),
  lastFailureAt: isoTime,
  /** No attempt is checked before this instant; null while the failures are still free. */
  retryAfter: isoTime.nullable(),
  /** When the record is forgotten (a quiet period after the last failure): the count starts again. */
  expiresAt: isoTime,
});

/**
 * A Slack Events API delivery already handled, by its `event_id`: Slack retries an event it got no
 * timely answer for, possibly to another replica, and the retry must not be acted on twice.
 */
export const slackEventSchema = z.object({
  /** Slack's `event_id` (also the key). */
  eventId: z.string(),
  receivedAt: isoTime,
  /** When the record is forgotten: after Slack's retries (see slack-events/constants.ts). */
  expiresAt: isoTime,
});

/** The last numeric id a collection gave out (see store/sequences.ts); keyed by the collection's name. */
export const sequenceSchema = z.object({ name: z.string(), last: z.number().int().nonnegative() });

/** A setting of the installation, settled once by the first process that needed it (e.g. the secret key's check value). */
export const metaSchema = z.object({ key: z.string(), value: z.string() });

export const documentSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  accounts: z.record(id, accountSchema),
  securityEvents: z.record(id, z.array(securityEventSchema)),
  projects: z.record(id, projectSchema),
  invitations: z.record(id, invitationSchema),
  /** join request id → request */
  joinRequests: z.record(id, joinRequestSchema),
  tokens: z.record(id, tokenSchema),
  notifications: z.record(id, notificationSchema),
  notificationReads: z.record(id, notificationReadStateSchema),
  promoCodes: z.record(key, promoCodeSchema),
  promoRedemptions: z.record(id, promoRedemptionSchema),
  /** link-code hash → pending link */
  slackLinkCodes: z.record(key, slackLinkCodeSchema),
  /** account id → linked Slack user */
  slackLinks: z.record(id, slackLinkSchema),
  outbox: z.record(id, outboxEntrySchema),
  /** outbox ref → the Slack message that shows it */
  slackMessages: z.record(key, slackMessageSchema),
  /** session digest → session */
  sessions: z.record(key, sessionSchema),
  /** setting name → value */
  meta: z.record(key, metaSchema),
  /** `scope:digest` → failed guesses counted against it */
  throttles: z.record(key, throttleSchema),
  /** collection name → the last numeric id it gave out */
  sequences: z.record(key, sequenceSchema),
  /** Slack event id → when it was handled */
  slackEvents: z.record(key, slackEventSchema),
});

export type Document = z.infer<typeof documentSchema>;
export type Account = z.infer<typeof accountSchema>;
export type SecurityEvent = z.infer<typeof securityEventSchema>;
export type Project = z.infer<typeof projectSchema>;
export type Role = z.infer<typeof roleSchema>;
/** A member's role in a project (Keboola's `ProjectRole`). */
export type ProjectRole = Role;
export type Invitation = z.infer<typeof invitationSchema>;
export type JoinRequest = z.infer<typeof joinRequestSchema>;
export type Member = z.infer<typeof memberSchema>;
export type MembershipReminder = (typeof MEMBERSHIP_REMINDERS)[number];
export type Token = z.infer<typeof tokenSchema>;
export type Notification = z.infer<typeof notificationSchema>;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type DmKind = (typeof DM_KINDS)[number];
export type NotificationAudience = z.infer<typeof notificationAudienceSchema>;
export type NotificationReadState = z.infer<typeof notificationReadStateSchema>;
export type PromoCode = z.infer<typeof promoCodeSchema>;
export type PromoRedemption = z.infer<typeof promoRedemptionSchema>;
export type SlackLink = z.infer<typeof slackLinkSchema>;
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export type SlackRecipient = z.infer<typeof slackRecipientSchema>;
export type SessionRecord = z.infer<typeof sessionSchema>;
export type SessionFront = (typeof SESSION_FRONTS)[number];
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];
export type Throttle = z.infer<typeof throttleSchema>;
export type SlackEventRecord = z.infer<typeof slackEventSchema>;

export function emptyDocument(): Document {
  return {
    schemaVersion: SCHEMA_VERSION,
    accounts: {},
    securityEvents: {},
    projects: {},
    invitations: {},
    joinRequests: {},
    tokens: {},
    notifications: {},
    notificationReads: {},
    promoCodes: {},
    promoRedemptions: {},
    slackLinkCodes: {},
    slackLinks: {},
    outbox: {},
    slackMessages: {},
    sessions: {},
    meta: {},
    throttles: {},
    sequences: {},
    slackEvents: {},
  };
}
