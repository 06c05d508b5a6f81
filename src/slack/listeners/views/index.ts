import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { CALLBACK } from '../../ids.ts';
import { tokenFormSubmit } from './token-form-submit.ts';
import { tokenRotateSubmit } from './token-rotate-submit.ts';

/** Modal submissions, one per callback_id (the token form and the rotation form submit). */
export function register(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.tokenForm, tokenFormSubmit(deps));
  app.view(CALLBACK.tokenRotateForm, tokenRotateSubmit(deps));
}
