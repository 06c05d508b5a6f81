/**
 * A Slack user: ids as Slack sends them (`T0123ABC`, `U0456DEF`, `E0789GHI`). The identity is the
 * enterprise id (when the request came from an Enterprise Grid org) and the user id; the team is
 * where the request came from, kept for people to read.
 */
export interface SlackUser {
  readonly teamId: string;
  readonly userId: string;
  /** The Enterprise Grid org, when the request carried one. */
  readonly enterpriseId?: string | undefined;
}

/** The Slack user an account is linked to. */
export interface SlackLinkView extends SlackUser {
  /** ISO time the link was made. */
  readonly linkedAt: string;
  /** The Slack user's handle, without `@`, when Slack told it (links made before it was asked for have none). */
  readonly handle?: string;
  /** The workspace's name, when Slack told it. */
  readonly teamName?: string;
}

/** A link code as shown once to the account holder. */
export interface IssuedLinkCode {
  /** `ABCD-EFGH`; typed in Slack as `/kbc link ABCD-EFGH` (case, dash and spaces do not matter). */
  readonly code: string;
  /** ISO time after which the code is refused. */
  readonly expiresAt: string;
}

/** A linked account as an operator sees it (`admin slack links`). */
export interface LinkedAccountView extends SlackLinkView {
  readonly accountId: string;
  /** Null only if the account went away while its link stayed (never in a consistent store). */
  readonly email: string | null;
}
