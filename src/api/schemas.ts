import { z } from 'zod';
import { JOIN_REQUEST_STATES, NOTIFICATION_KINDS, PROJECT_NAME_MAX_LENGTH, ROLES, TOKEN_LENGTH, TOKEN_REVOKE_MAX_CREDENTIALS, TOKEN_ROTATION_GRACE_MAX_SECONDS, type TokenState } from '../core/index.ts';

/*
 * The API's request and response schemas, in Keboola's field names. Enumerations and limits come
 * from the core (roles, notification kinds, name lengths), so the API cannot drift from what the
 * core accepts. The same schemas validate requests, serialise responses and make the OpenAPI
 * document.
 */

const isoTime = z.iso.datetime({ offset: true });
/** A numeric id as Keboola's PHP client types it: `int`. */
const numericId = z.number().int().positive();

/** A path id: digits only, a safe integer. Anything else is a 400 that names the field. */
export const idParams = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, { error: 'must be a positive whole number in decimal digits' })
    .transform(Number)
    .pipe(z.number().max(Number.MAX_SAFE_INTEGER, { error: 'is too large' }))
    .meta({ description: 'The numeric id', example: '1' }),
});

/**
 * A body for a POST or PUT that takes no parameters: nothing, `{}` or `[]` (Keboola's PHP client
 * sends `[]`).
 */
export const emptyBody = z.union([z.array(z.never()).max(0), z.object({}).strict()]).nullish();

export const projectRefSchema = z.object({ id: numericId, name: z.string() }).meta({ id: 'ProjectRef' });

export const verifiedTokenSchema = z
  .object({
    id: numericId,
    description: z.string(),
    created: isoTime,
    lastUsed: isoTime.nullable(),
    expires: isoTime,
    isSessionToken: z.boolean(),
    isExpired: z.boolean(),
    isDisabled: z.boolean(),
    scopes: z.array(z.string()),
    type: z.literal('admin'),
    creator: z.object({ id: numericId, name: z.string() }),
    user: z.object({
      id: numericId,
      name: z.string(),
      email: z.string(),
      mfaEnabled: z.boolean(),
      features: z.array(z.string()),
      canAccessLogs: z.boolean(),
      isSuperAdmin: z.boolean(),
    }),
  })
  .meta({ id: 'VerifiedToken' });

/** Every TokenState, checked complete by the compiler. */
const TOKEN_STATES = ['active', 'rotated', 'revoked', 'expired'] as const satisfies readonly TokenState[];
const _everyState: Exclude<TokenState, (typeof TOKEN_STATES)[number]> extends never ? true : never = true;
void _everyState;

export const tokenSchema = z
  .object({
    id: numericId,
    description: z.string(),
    /** The token's last four characters. */
    hint: z.string(),
    created: isoTime,
    lastUsed: isoTime.nullable(),
    expires: isoTime,
    isExpired: z.boolean(),
    /** active; rotated (works until graceUntil); revoked (see revokedReason); expired. */
    state: z.enum(TOKEN_STATES),
    graceUntil: isoTime.nullable(),
    revokedReason: z.enum(['rotated', 'leaked', 'reuse']).nullable(),
  })
  .meta({ id: 'Token' });

export const rotateBody = z
  .union([
    z
      .object({
        graceSeconds: z
          .number()
          .int()
          .min(0)
          .max(TOKEN_ROTATION_GRACE_MAX_SECONDS)
          .optional()
          .meta({ description: `How long the old token keeps working, in seconds (0: revoked at once). Default ${TOKEN_ROTATION_GRACE_MAX_SECONDS}` }),
      })
      .strict(),
    z.array(z.never()).max(0),
  ])
  .nullish();

export const rotatedSchema = tokenSchema
  .extend({
    /** The new token's secret: shown this once, stored nowhere. */
    token: z.string(),
    /** The token that was rotated, as it now is. */
    previous: tokenSchema,
  })
  .meta({ id: 'RotatedToken' });

export const revokeBody = z
  .object({
    credentials: z
      .array(z.string().max(TOKEN_LENGTH * 4))
      .min(1)
      .max(TOKEN_REVOKE_MAX_CREDENTIALS)
      .meta({ description: `Leaked tokens, at most ${TOKEN_REVOKE_MAX_CREDENTIALS}` }),
  })
  .strict();

export const invitationSchema = z
  .object({
    id: numericId,
    created: isoTime,
    expires: isoTime,
    reason: z.string().nullable(),
    role: z.enum(ROLES),
    project: z.object({ id: numericId.nullable(), name: z.string() }),
    /** An account (numeric id, name, email), or the platform operator (no id, no email). */
    creator: z.object({ id: numericId.nullable(), name: z.string(), email: z.string().nullable() }),
  })
  .meta({ id: 'ProjectInvitation' });

/** A request to join a project, in Keboola's shape (`expires`: when the membership an approval makes would end; null: no end). */
export const joinRequestSchema = z
  .object({
    id: numericId,
    created: isoTime,
    expires: isoTime.nullable(),
    expirationSeconds: z.number().int().positive().nullable(),
    /** Unanswered, the request expires at this time. */
    requestExpires: isoTime,
    reason: z.string(),
    status: z.enum(JOIN_REQUEST_STATES),
    project: z.object({ id: numericId.nullable(), name: z.string() }),
    user: z.object({ id: numericId.nullable(), name: z.string(), email: z.string() }),
  })
  .meta({ id: 'ProjectJoinRequest' });

/** Keboola's request-access body: both fields optional; `expirationSeconds` 1 second to 365 days. */
export const requestAccessBody = z
  .union([
    z
      .object({
        reason: z.string().max(10_000).optional(),
        expirationSeconds: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
      })
      .strict(),
    z.array(z.never()).max(0),
  ])
  .nullish();

/**
 * The body of an approval: Keboola's client sends `[]`; `role` (ours: Keboola's approve takes no
 * body) makes the requester something other than a guest. The core judges the role (INVALID_ROLE).
 */
export const approveJoinRequestBody = z
  .union([
    z
      .object({
        role: z
          .string()
          .max(100)
          .optional()
          .meta({ description: `The requester's role in the project: ${ROLES.join(', ')} (default guest)` }),
      })
      .strict(),
    z.array(z.never()).max(0),
  ])
  .nullish();

/** A path with a project id and a join request id. */
export const projectRequestParams = idParams.extend({ requestId: idParams.shape.id });

export const projectSchema = z
  .object({
    id: numericId,
    name: z.string(),
    role: z.enum(ROLES),
    created: isoTime,
    expires: isoTime.nullable(),
    /** metric → its maximum */
    limits: z.record(z.string(), z.object({ name: z.string(), value: z.number() })),
    /** metric → the last recorded value */
    usage: z.record(z.string(), z.object({ name: z.string(), value: z.number(), recorded: isoTime })),
  })
  .meta({ id: 'Project' });

export const promoRedemptionSchema = z
  .object({ code: z.string(), usedAt: isoTime, project: z.object({ id: numericId.nullable(), name: z.string() }) })
  .meta({ id: 'PromoCodeRedemption' });

export const redeemBody = z
  .object({
    code: z.string().min(1).max(64).meta({ description: 'The promo code (any case)' }),
    name: z.string().max(PROJECT_NAME_MAX_LENGTH).optional().meta({ description: 'The new project’s name; the code’s prefix goes before it. Default: the code' }),
  })
  .strict();

export const notificationSchema = z
  .object({
    id: z.string(),
    type: z.enum(NOTIFICATION_KINDS),
    created: isoTime,
    isRead: z.boolean(),
    title: z.string(),
    message: z.string(),
    project: z.object({ id: numericId.nullable(), name: z.string().nullable() }).optional(),
  })
  .meta({ id: 'Notification' });

export const notificationsQuery = z.object({
  fromId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Only the notifications newer than this one (the id of the newest one a script already has)' }),
});

export const markReadBody = z.union([
  z.object({ read: z.array(z.string().min(1).max(100)).min(1).max(100) }).strict(),
  z.object({ allRead: z.literal(true) }).strict(),
]);

export const statusOk = z.object({ status: z.literal('ok') });

export const healthSchema = z.object({ status: z.enum(['ok', 'unavailable']), store: z.enum(['ok', 'unavailable']) }).meta({ id: 'Health' });
