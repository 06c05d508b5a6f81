import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { CALLBACK } from '../../ids.ts';
import { tokenFormSubmit } from './token-form-submit.ts';

/** Modal submissions, one per callback_id (only the token form submits). */
export function register(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.tokenForm, tokenFormSubmit(deps));
}
