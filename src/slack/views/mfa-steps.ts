import type { types } from '@slack/bolt';
import { ACTION, CALLBACK } from '../ids.ts';
import { actions, button, modal, section, type Block } from './blocks.ts';
import { escapeMrkdwn } from './escape.ts';

/** Why an Accept was refused, with a button that opens the steps: for the ephemeral reply in a DM. */
export function mfaRequiredReply(projectName: string): { text: string; blocks: Block[] } {
  const text =
    `:lock: *${escapeMrkdwn(projectName)}* requires users to have multi-factor authentication enabled, and yours is off, so the invitation was not accepted. ` +
    'Enable MFA, then click Accept again: the invitation stays open until it expires.';
  return { text, blocks: [section(text), actions('kbc_mfa_steps_actions', [button('How to enable MFA', ACTION.openMfaSteps, { style: 'primary' })])] };
}

/** The steps to enable MFA (it is enabled in the dashboard, where the QR code can be scanned): under a refused Accept and in an MFA deadline DM. */
export function mfaStepsModal(): types.ModalView {
  return modal({
    callbackId: CALLBACK.mfaSteps,
    title: 'Enable MFA',
    blocks: [
      section('Multi-factor authentication asks for a code from an authenticator app as well as your password. Some projects require it of every member.'),
      section(
        [
          '1. Open the Keboola account dashboard (`kbc-account`, or `ssh` to the dashboard) and sign in.',
          '2. Go to *Account Settings › Account & Security* (press `s`) and choose *Enable multi-factor authentication*.',
          '3. Scan the QR code with Google Authenticator or a compatible app (or type the secret shown), then enter the 6-digit code.',
          '4. Save the recovery codes shown once.',
          '5. Accepting an invitation? Come back to its message here and click *Accept* again. In the dashboard, accepting takes you through these steps and finishes the accept for you.',
          'A project that requires MFA opens again for you as soon as MFA is on.',
        ].join('\n'),
      ),
    ],
  });
}
