import type { SessionFront } from '../core/index.ts';

/**
 * Who runs this dashboard and from where: a person at the machine's own terminal, or a remote
 * person through the SSH server (one dashboard per SSH session in the server's process).
 */
export interface DashboardFront {
  /** Recorded on the session and in the security activity. */
  readonly via: Extract<SessionFront, 'dashboard' | 'ssh'>;
  /** Shown in the account's session list and security activity, e.g. "ssh from 203.0.113.5". */
  readonly from: string;
  /**
   * Told after each failed sign-in step (a wrong password or code, a refused attempt). The SSH
   * server counts them per connection; the core's own throttle and lockout count per account.
   */
  readonly onSignInFailed?: () => void;
}

/** The dashboard on the machine's own terminal. */
export const LOCAL_FRONT: DashboardFront = { via: 'dashboard', from: 'local terminal' };
