import type { SlackDeps } from '../../context.ts';
import { slackUserOf } from '../../identity.ts';
import { logFailure } from '../../log.ts';
import { triggerIdOf } from '../../payload.ts';
import { mfaStepsModal } from '../../views/mfa-steps.ts';
import type { ActionArgs } from './action-context.ts';

/** "How to enable MFA" under a refused Accept: opens the steps (nothing in them is the account's, so no link is needed). */
export function openMfaSteps(deps: SlackDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const triggerId = triggerIdOf(body);
    if (!slackUserOf(body) || !triggerId) return;
    try {
      await client.views.open({ trigger_id: triggerId, view: mfaStepsModal() });
    } catch (error) {
      logFailure(deps.logger, 'opening the MFA steps', error);
    }
  };
}
