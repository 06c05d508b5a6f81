import type { Logger, webApi } from '@slack/bolt';
import type { Core } from '../core/index.ts';
import type { SlackConfig } from './config.ts';

/** What every listener and the delivery worker work with: the core, the policy, the log. */
export interface SlackDeps {
  readonly core: Core;
  readonly config: Pick<SlackConfig, 'tokenRequiresMfa'>;
  readonly logger: Logger;
}

/** The Slack Web API client (a listener's `client`, or the worker's). */
export type SlackClient = webApi.WebClient;
