import type { Logger } from '@slack/bolt';
import type { Core } from '../../../core/index.ts';
import type { DeliveryWorker } from '../../delivery/worker.ts';
import { logFailure } from '../../log.ts';

/**
 * What `app_uninstalled` and `tokens_revoked` (bot tokens) do: the app can no longer post, so the
 * delivery worker stops for good in this process, instead of failing every entry until it is given
 * up. The outbox keeps them (pending) for a reinstalled app with a new token. The operator is told
 * in the log, with how much waits, and `/healthz` answers 503 from then on. Repeated events are harmless.
 */
export function deliveryStopper(options: { core: Core; delivery: DeliveryWorker; logger: Logger }) {
  const { core, delivery, logger } = options;
  return async (reason: string): Promise<void> => {
    if (delivery.suspendedBecause !== null) return;
    await delivery.suspend(reason);
    const waiting = await core.outbox.backlog().then(
      (backlog) => `${backlog.pending}${backlog.pending >= 100 ? ' or more' : ''} Slack message(s) are kept in the outbox`,
      (error: unknown) => {
        logFailure(logger, 'reading the outbox after delivery stopped', error);
        return 'the outbox keeps what is waiting';
      },
    );
    logger.error(
      `kbc-account slack: ${reason}. Delivery has stopped and ${waiting}; /healthz answers 503. ` +
        'Reinstall the app (or issue a new bot token), set SLACK_BOT_TOKEN and restart `kbc-account slack` to deliver them.',
    );
  };
}
