import type { Logger, webApi } from '@slack/bolt';
import type { Core } from '../core/index.ts';
import type { SlackConfig } from './config.ts';

/**
 * How long a modal submission may work before it must answer Slack, in ms. Slack gives up after
 * 3 s; what is not done by then is answered with a progress view and finished with views.update.
 */
export const SUBMIT_DEADLINE_MS = 2_000;

/** What every listener and the delivery worker work with: the core, the policy, the log. */
export interface SlackDeps {
  readonly core: Core;
  readonly config: Pick<SlackConfig, 'tokenRequiresMfa' | 'projectBaseUrl'>;
  readonly logger: Logger;
  /** @default SUBMIT_DEADLINE_MS */
  readonly submitDeadlineMs: number;
}

/** The Slack Web API client (a listener's `client`, or the worker's). */
export type SlackClient = webApi.WebClient;
