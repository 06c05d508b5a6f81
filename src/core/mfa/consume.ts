import type { CoreContext } from '../context.ts';
import { AccountError } from '../errors.ts';
import { iso } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { requireAccount } from '../accounts/model.ts';
import { assertNotLocked, lockedError, lockedUntil, registerFailure } from '../accounts/lockout.ts';
import { applySecondFactor, checkSecondFactor, secondFactorError, type CheckedCode, type RefusedCode } from './second-factor.ts';
import type { Account } from '../store/schema.ts';
import type { DeepReadonly, StoreTransaction } from '../store/store.ts';
import { recoveryCodesLeft } from './recovery-codes.ts';
import { endOtherSessions } from '../sessions/model.ts';

export interface ConsumeOptions {
  /** Accept an unused recovery code instead of a TOTP code. */
  readonly allowRecovery: boolean;
  /** Check against the enrolment being set up rather than the active factor. */
  readonly pending?: boolean;
}

type CodeOutcome<T> =
  | { kind: 'ok'; result: T }
  | { kind: 'locked'; until: Date }
  | { kind: 'failed'; refused: RefusedCode; recoveryCodesLeft: number };

/**
 * Verifies `code` for an action by a logged-in account, then runs `onSuccess` in the same
 * transaction (so it too may run again; store calls and computation only). Wrong and reused
 * codes count toward the lockout (except while enrolling).
 */
export async function consumeSecondFactor<T>(
  ctx: CoreContext,
  accountId: string,
  code: string,
  options: ConsumeOptions,
  onSuccess: (tx: StoreTransaction, account: Account, now: Date) => T | Promise<T>,
): Promise<T> {
  const { store, clock, random, secrets } = ctx;
  const now = clock.now();
  const account = await store.view((view) => requireAccount(view, accountId));
  assertNotLocked(account, now);
  const checked: CheckedCode = await checkSecondFactor(secrets, account, code, now, options);
  if (checked.kind === 'rejected' && checked.code === 'MFA_CODE_MALFORMED') {
    throw secondFactorError(checked, { recoveryAccepted: options.allowRecovery, recoveryCodesLeft: recoveryCodesLeft(account.mfa) });
  }
  const outcome = await store.transact(async (tx): Promise<CodeOutcome<T>> => {
    const draft = await requireAccount(tx, accountId);
    assertSameFactor(account, draft, options.pending ?? false);
    const locked = lockedUntil(draft, now);
    if (locked) return { kind: 'locked', until: locked };
    const applied = applySecondFactor(draft, checked, now);
    if (!applied.ok) {
      const failed = { kind: 'failed', refused: applied, recoveryCodesLeft: recoveryCodesLeft(draft.mfa) } as const;
      // A typo while enrolling proves nothing about an attacker; elsewhere it counts.
      if (options.pending) return failed;
      const until = registerFailure(draft, now);
      await recordSecurityEvent(tx, now, random, draft.id, 'mfa.code_failed', { reason: applied.code });
      if (until) {
        await recordSecurityEvent(tx, now, random, draft.id, 'login.locked', { until: iso(until) });
        await endOtherSessions(random, tx, now, draft.id, 'locked');
      }
      return until ? { kind: 'locked', until } : failed;
    }
    if (applied.usedRecoveryCode) {
      const left = recoveryCodesLeft(draft.mfa);
      await recordSecurityEvent(tx, now, random, draft.id, 'mfa.recovery_code_used', { left });
    }
    return { kind: 'ok', result: await onSuccess(tx, draft, now) };
  });
  if (outcome.kind === 'ok') return outcome.result;
  if (outcome.kind === 'locked') throw lockedError(outcome.until);
  throw secondFactorError(outcome.refused, { recoveryAccepted: options.allowRecovery, recoveryCodesLeft: outcome.recoveryCodesLeft });
}

/**
 * The code was checked against the factor in `before`; refuses to apply it when another process
 * replaced that factor meanwhile (enrolment restarted, MFA reset or re-enabled).
 */
function assertSameFactor(before: DeepReadonly<Account>, draft: Account, pending: boolean): void {
  if (pending) {
    if (draft.mfa.enabled) throw new AccountError('MFA_ALREADY_ENABLED', 'Multi-factor authentication is already enabled.');
    if (!draft.mfa.pending) throw notEnrolling();
    if (draft.mfa.pending.secret !== before.mfa.pending?.secret) {
      throw new AccountError('MFA_NOT_ENROLLING', 'The setup was restarted elsewhere; scan the new QR code and enter a code from it.');
    }
    return;
  }
  if (!draft.mfa.enabled) throw notEnabled();
  if (draft.mfa.secret !== before.mfa.secret) {
    throw new AccountError('MFA_CODE_INVALID', 'Multi-factor authentication was set up again a moment ago; enter a code from the new authenticator.');
  }
}

export const notEnrolling = () =>
  new AccountError('MFA_NOT_ENROLLING', 'Multi-factor authentication is not being set up; start enabling it first.');
export const notEnabled = () => new AccountError('MFA_NOT_ENABLED', 'Multi-factor authentication is not enabled.');
