import QRCode from 'qrcode';
import type { CoreContext } from '../context.ts';
import { AccountError } from '../errors.ts';
import { iso } from '../shared/time.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { noMfa, requireAccount } from '../accounts/model.ts';
import { RECOVERY_CODE_COUNT } from '../accounts/constants.ts';
import { newTotpSecret, totpUri } from './totp.ts';
import { consumeSecondFactor, notEnabled, notEnrolling, type ConsumeOptions } from './consume.ts';
import { newRecoveryCode, recoveryCodesLeft } from './recovery-codes.ts';
import type { Account } from '../store/schema.ts';
import type { StoreTransaction } from '../store/store.ts';
import { endOtherSessions } from '../sessions/model.ts';
import { projectsRequiringMfa } from '../projects/mfa-requirement.ts';

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

/** Modules of light border around a QR code: ISO/IEC 18004 asks for 4 (its quiet zone). */
export const QR_QUIET_ZONE = 4;

/** A QR code of `text` as terminal lines, two modules a cell high; about 45×23 cells for an otpauth URI. */
async function qrLines(text: string): Promise<string[]> {
  // The terminal's own background around the code may be dark: the quiet zone is drawn as part of
  // the code, white, so a phone finds the code's edges whatever the theme.
  const art = await QRCode.toString(text, { type: 'utf8', margin: QR_QUIET_ZONE });
  return art.split('\n').filter((line) => line.length > 0);
}

export function createMfaService(ctx: CoreContext) {
  const { store, clock, random, secrets } = ctx;

  function issueRecoveryCodes(account: Account): string[] {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode(random));
    account.mfa.recoveryCodes = codes.map((code) => ({ hash: secrets.mac(code.replace('-', '')), usedAt: null }));
    return codes;
  }

  const consumeCode = <T>(
    accountId: string,
    code: string,
    options: ConsumeOptions,
    onSuccess: (tx: StoreTransaction, account: Account, now: Date) => T | Promise<T>,
  ): Promise<T> => consumeSecondFactor(ctx, accountId, code, options, onSuccess);

  return {
    async status(accountId: string): Promise<MfaStatus> {
      const account = await store.view((view) => requireAccount(view, accountId));
      return {
        enabled: account.mfa.enabled,
        enrolling: account.mfa.pending !== null,
        enabledAt: account.mfa.enabledAt,
        recoveryCodesLeft: recoveryCodesLeft(account.mfa),
      };
    },

    /** Starts (or restarts) enrolment: nothing is active until `activate` gets a correct code. */
    async startEnrollment(accountId: string): Promise<MfaEnrollment> {
      const secret = newTotpSecret();
      const sealed = secrets.seal(secret);
      const now = clock.now();
      const email = await store.transact(async (tx) => {
        const account = await requireAccount(tx, accountId);
        if (account.mfa.enabled) throw new AccountError('MFA_ALREADY_ENABLED', 'Multi-factor authentication is already enabled.');
        account.mfa.pending = { secret: sealed, startedAt: iso(now) };
        return account.email;
      });
      const uri = totpUri(secret, email);
      return { secret, uri, qr: await qrLines(uri) };
    },

    /** Abandons an enrolment that was not activated. */
    async cancelEnrollment(accountId: string): Promise<void> {
      await store.transact(async (tx) => {
        (await requireAccount(tx, accountId)).mfa.pending = null;
      });
    },

    /** Activates MFA with a code from the new authenticator; returns the recovery codes, shown once. */
    async activate(accountId: string, code: string): Promise<string[]> {
      const account = await store.view((view) => requireAccount(view, accountId));
      if (account.mfa.enabled) throw new AccountError('MFA_ALREADY_ENABLED', 'Multi-factor authentication is already enabled.');
      if (!account.mfa.pending) throw notEnrolling();
      return consumeCode(accountId, code, { allowRecovery: false, pending: true }, async (tx, draft, now) => {
        if (!draft.mfa.pending) throw notEnrolling();
        draft.mfa.enabled = true;
        draft.mfa.secret = draft.mfa.pending.secret;
        draft.mfa.pending = null;
        draft.mfa.enabledAt = iso(now);
        const recovery = issueRecoveryCodes(draft);
        await recordSecurityEvent(tx, now, random, draft.id, 'mfa.enabled', {});
        return recovery;
      });
    },

    /**
     * Turns MFA off; needs a current TOTP code or an unused recovery code. Ends the account's
     * sessions but `options.keepSession` (the token of the session that asked).
     */
    async disable(accountId: string, code: string, options: { keepSession?: string } = {}): Promise<void> {
      const account = await store.view((view) => requireAccount(view, accountId));
      if (!account.mfa.enabled) throw notEnabled();
      // Checked before the code is (a right code is not spent on a refusal) and again with it.
      await store.view(async (view) => assertNoProjectRequiresMfa(await projectsRequiringMfa(view, accountId)));
      await consumeCode(accountId, code, { allowRecovery: true }, async (tx, draft, now) => {
        assertNoProjectRequiresMfa(await projectsRequiringMfa(tx, accountId));
        draft.mfa = noMfa();
        await recordSecurityEvent(tx, now, random, draft.id, 'mfa.disabled', {});
        await endOtherSessions(random, tx, now, draft.id, 'mfa_disabled', options.keepSession);
      });
    },

    /**
     * Replaces all recovery codes; returns the new ones, shown once. Needs a current TOTP code or
     * an unused recovery code, as disabling does: someone who signed in with a recovery code
     * because the phone is gone is exactly who is told to regenerate them.
     */
    async regenerateRecoveryCodes(accountId: string, code: string): Promise<string[]> {
      const account = await store.view((view) => requireAccount(view, accountId));
      if (!account.mfa.enabled) throw notEnabled();
      return consumeCode(accountId, code, { allowRecovery: true }, async (tx, draft, now) => {
        const fresh = issueRecoveryCodes(draft);
        await recordSecurityEvent(tx, now, random, draft.id, 'mfa.recovery_codes_regenerated', {});
        return fresh;
      });
    },

    /**
     * Checks a current code for a sensitive action elsewhere (e.g. creating a token from Slack):
     * consumes it like a login code. Resolves when valid, throws the MFA error otherwise.
     */
    async verifyCode(accountId: string, code: string): Promise<void> {
      const account = await store.view((view) => requireAccount(view, accountId));
      if (!account.mfa.enabled) throw notEnabled();
      await consumeCode(accountId, code, { allowRecovery: false }, () => undefined);
    },
  };
}

export type MfaService = ReturnType<typeof createMfaService>;

/** MFA_REQUIRED_BY_PROJECT naming the projects, when there are any. */
function assertNoProjectRequiresMfa(projects: readonly string[]): void {
  if (projects.length === 0) return;
  throw new AccountError(
    'MFA_REQUIRED_BY_PROJECT',
    `Multi-factor authentication cannot be turned off while you are a member of ${projects.join(', ')}: ${projects.length === 1 ? 'that project requires' : 'those projects require'} it.`,
    { projects: projects.join(', '), count: projects.length },
  );
}
