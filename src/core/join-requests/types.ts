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
  /** The membership an approval makes lasts this many days; null: no end. */
  readonly membershipDays: number | null;
  /** ISO times. */
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: JoinRequestState;
  readonly answeredAt: string | null;
  /** Who answered, in words; null while pending. */
  readonly answeredBy: string | null;
}

/** Payload of the `join-request.created` and `join-request.answered` outbox entries (one per admin). */
export interface JoinRequestPayload {
  readonly requestId: string;
  readonly projectId: string;
  readonly projectName: string;
  readonly requester: string;
  readonly reason: string | null;
  readonly membershipDays: number | null;
  readonly expiresAt: string;
  /** `pending` for the first message; the outcome for the update. */
  readonly status: JoinRequestState;
  readonly answeredBy: string | null;
  readonly answeredAt: string | null;
}
