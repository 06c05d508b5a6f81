import type { Role } from '../store/schema.ts';
import type { JOIN_REQUEST_STATES } from './constants.ts';

export type JoinRequestState = (typeof JOIN_REQUEST_STATES)[number];

/** What front ends see of a join request. */
export interface JoinRequestView {
  readonly id: string;
  /** The number clients name the request by (the Management API). */
  readonly numericId: number;
  readonly accountNumericId: number | null;
  readonly projectId: string;
  readonly projectName: string;
  readonly projectNumericId: number | null;
  /** The requester. */
  readonly accountId: string;
  readonly email: string;
  readonly name: string;
  readonly reason: string | null;
  /** The membership an approval makes lasts this many seconds (Keboola's `expirationSeconds`); null: no end. */
  readonly membershipSeconds: number | null;
  /** The same in whole days when it is whole days; null otherwise (no end, or e.g. 36 hours). */
  readonly membershipDays: number | null;
  /** The lifetime in words ("14 days", "1 day and 12 hours"); null: no end. */
  readonly membershipLifetime: string | null;
  /** ISO times. */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: JoinRequestState;
  readonly answeredAt: string | null;
  /** Who answered, in words; null while pending. */
  readonly answeredBy: string | null;
  /** Why it was rejected, when the answerer said. */
  readonly rejectionReason: string | null;
  /** The role an approval gave; null unless approved. */
  readonly approvedRole: Role | null;
}

/** Payload of the `join-request.created` and `join-request.answered` outbox entries (one per admin). */
export interface JoinRequestPayload {
  readonly requestId: string;
  readonly projectId: string;
  readonly projectName: string;
  readonly requester: string;
  readonly reason: string | null;
  /** Whole days, or null when the lifetime is none or not whole days (see `membershipLifetime`). */
  readonly membershipDays: number | null;
  /** Optional: entries queued before schema 8 have only `membershipDays`. */
  readonly membershipSeconds?: number | null;
  /** The lifetime in words ("1 day and 12 hours"); null or absent: no end, or only `membershipDays` known. */
  readonly membershipLifetime?: string | null;
  readonly expiresAt: string;
  /** `pending` for the first message; the outcome for the update. */
  readonly status: JoinRequestState;
  readonly answeredBy: string | null;
  readonly answeredAt: string | null;
}
