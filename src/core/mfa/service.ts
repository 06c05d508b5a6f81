import QRCode from 'qrcode';
import type { CoreContext } from '../context.ts';
import { AccountError } from '../errors.ts';
import { iso } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { noMfa, requireAccount } from '../accounts/model.ts';
import { RECOVERY_CODE_COUNT } from '../accounts/constants.ts';
import { assertNotLocked, lockedError, lockedUntil, registerFailure } from '../accounts/lockout.ts';
import {
  applySecondFactor,
  checkSecondFactor,
  SECOND_FACTOR_MESSAGES,
  TOTP_ONLY_MALFORMED_MESSAGE,
  type CheckedCode,
  type SecondFactorFailure,
} from './second-factor.ts';
import { newTotpSecret, totpUri } from './totp.ts';
import { newRecoveryCode } from './recovery-codes.ts';
import type { Account, Document } from '../store/schema.ts';
import type { DeepReadonly } from '../store/store.ts';

export interface MfaEnrollment {
  /** Base32 secret, for typing into an authenticator by hand. */
  readonly secret: string;
  readonly uri: string;
  /** The URI as a QR code in Unicode half blocks, one string per terminal line (black on white). */
  readonly qr: readonly string[];
}

export interface MfaStatus {
  readonly enabled: boolean;
  readonly enrolling: boolean;
  readonly enabledAt: string | null;
  readonly recoveryCodesLeft: number;
}

/** A QR code of `text` as terminal lines; about 50×27 cells for an otpauth URI. */
async function qrLines(text: string): Promise<string[]> {
  // qrcode refuses odd margins; 2 modules of quiet zone scan fine on a white background.
  const art = await QRCode.toString(text, { type: 'utf8', margin: 2 });
  return art.split('\n').filter((line) => line.length > 0);
}

export function createMfaService(ctx: CoreContext) {
  const { store, clock, random, secrets } = ctx;

  function issueRecoveryCodes(account: Account): string[] {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode(random));
    account.mfa.recoveryCodes = codes.map((code) => ({ hash: secrets.mac(code.replace('-', '')), usedAt: null }));
    return codes;
  }

  /**
   * Verifies `code` for an action by a logged-in account, then runs `onSuccess` in the same
   * transaction. Wrong and reused codes count toward the lockout (except while enrolling).
   */
  async function consumeCode<T>(
    accountId: string,
    code: string,
    options: { allowRecovery: boolean; pending?: boolean },
    onSuccess: (doc: Document, account: Account, now: Date) => T,
  ): Promise<T> {
    const now = clock.now();
    const account = requireAccount(await store.read(), accountId);
    assertNotLocked(account, now);
    const checked: CheckedCode = await checkSecondFactor(secrets, account, code, now, options);
    if (checked.kind === 'rejected' && checked.code === 'MFA_CODE_MALFORMED') {
      const message = options.allowRecovery ? SECOND_FACTOR_MESSAGES.MFA_CODE_MALFORMED : TOTP_ONLY_MALFORMED_MESSAGE;
      throw new AccountError('MFA_CODE_MALFORMED', message);
    }
    const outcome = await store.transact((doc): CodeOutcome<T> => {
      const draft = requireAccount(doc, accountId);
      assertSameFactor(account, draft, options.pending ?? false);
      const locked = lockedUntil(draft, now);
      if (locked) return { kind: 'locked', until: locked };
      const applied = applySecondFactor(draft, checked, now);
      if (!applied.ok) {
        // A typo while enrolling proves nothing about an attacker; elsewhere it counts.
        if (options.pending) return { kind: 'failed', code: applied.code };
        const until = registerFailure(draft, now);
        recordSecurityEvent(doc, now, random, draft.id, 'mfa.code_failed', { reason: applied.code });
        if (until) recordSecurityEvent(doc, now, random, draft.id, 'login.locked', { until: iso(until) });
        return until ? { kind: 'locked', until } : { kind: 'failed', code: applied.code };
      }
      if (applied.usedRecoveryCode) {
        const left = draft.mfa.recoveryCodes.filter((entry) => entry.usedAt === null).length;
        recordSecurityEvent(doc, now, random, draft.id, 'mfa.recovery_code_used', { left });
      }
      return { kind: 'ok', result: onSuccess(doc, draft, now) };
    });
    if (outcome.kind === 'ok') return outcome.result;
    if (outcome.kind === 'locked') throw lockedError(outcome.until);
    throw new AccountError(outcome.code, SECOND_FACTOR_MESSAGES[outcome.code]);
  }

  return {
    async status(accountId: string): Promise<MfaStatus> {
      const account = requireAccount(await store.read(), accountId);
      return {
        enabled: account.mfa.enabled,
        enrolling: account.mfa.pending !== null,
        enabledAt: account.mfa.enabledAt,
        recoveryCodesLeft: account.mfa.recoveryCodes.filter((code) => code.usedAt === null).length,
      };
    },

    /** Starts (or restarts) enrolment: nothing is active until `activate` gets a correct code. */
    async startEnrollment(accountId: string): Promise<MfaEnrollment> {
      const secret = newTotpSecret();
      const now = clock.now();
      const email = await store.transact((doc) => {
        const account = requireAccount(doc, accountId);
        if (account.mfa.enabled) throw new AccountError('MFA_ALREADY_ENABLED', 'Multi-factor authentication is already enabled.');
        account.mfa.pending = { secret: secrets.seal(secret), startedAt: iso(now) };
        return account.email;
      });
      const uri = totpUri(secret, email);
      return { secret, uri, qr: await qrLines(uri) };
    },

    /** Abandons an enrolment that was not activated. */
    async cancelEnrollment(accountId: string): Promise<void> {
      await store.transact((doc) => {
        requireAccount(doc, accountId).mfa.pending = null;
      });
    },

    /** Activates MFA with a code from the new authenticator; returns the recovery codes, shown once. */
    async activate(accountId: string, code: string): Promise<string[]> {
      const account = requireAccount(await store.read(), accountId);
      if (account.mfa.enabled) throw new AccountError('MFA_ALREADY_ENABLED', 'Multi-factor authentication is already enabled.');
      if (!account.mfa.pending) throw notEnrolling();
      return consumeCode(accountId, code, { allowRecovery: false, pending: true }, (doc, draft, now) => {
        if (!draft.mfa.pending) throw notEnrolling();
        draft.mfa.enabled = true;
        draft.mfa.secret = draft.mfa.pending.secret;
        draft.mfa.pending = null;
        draft.mfa.enabledAt = iso(now);
        const recovery = issueRecoveryCodes(draft);
        recordSecurityEvent(doc, now, random, draft.id, 'mfa.enabled', {});
        return recovery;
      });
    },

    /** Turns MFA off; needs a current TOTP code or an unused recovery code. */
    async disable(accountId: string, code: string): Promise<void> {
      const account = requireAccount(await store.read(), accountId);
      if (!account.mfa.enabled) throw notEnabled();
      await consumeCode(accountId, code, { allowRecovery: true }, (doc, draft, now) => {
        draft.mfa = noMfa();
        recordSecurityEvent(doc, now, random, draft.id, 'mfa.disabled', {});
      });
    },

    /** Replaces all recovery codes; needs a current TOTP code. Returns the new codes, shown once. */
    async regenerateRecoveryCodes(accountId: string, code: string): Promise<string[]> {
      const account = requireAccount(await store.read(), accountId);
      if (!account.mfa.enabled) throw notEnabled();
      return consumeCode(accountId, code, { allowRecovery: false }, (doc, draft, now) => {
        const fresh = issueRecoveryCodes(draft);
        recordSecurityEvent(doc, now, random, draft.id, 'mfa.recovery_codes_regenerated', {});
        return fresh;
      });
    },

    /**
     * Checks a current code for a sensitive action elsewhere (e.g. creating a token from Slack):
     * consumes it like a login code. Resolves when valid, throws the MFA error otherwise.
     */
    async verifyCode(accountId: string, code: string): Promise<void> {
      const account = requireAccount(await store.read(), accountId);
      if (!account.mfa.enabled) throw notEnabled();
      await consumeCode(accountId, code, { allowRecovery: false }, () => undefined);
    },
  };
}

type CodeOutcome<T> = { kind: 'ok'; result: T } | { kind: 'locked'; until: Date } | { kind: 'failed'; code: SecondFactorFailure };

const notEnrolling = () =>
  new AccountError('MFA_NOT_ENROLLING', 'Multi-factor authentication is not being set up; start enabling it first.');
const notEnabled = () => new AccountError('MFA_NOT_ENABLED', 'Multi-factor authentication is not enabled.');

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

export type MfaService = ReturnType<typeof createMfaService>;
