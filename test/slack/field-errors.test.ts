import { describe, expect, it } from 'vitest';
import { makeAccount } from '../support/core.ts';
import { enableMfa, wrongCode } from '../core/mfa/mfa-helpers.ts';
import { ACTION, BLOCK } from '../../src/slack/ids.ts';
import { ANN, linkSlack, startHarness, submitTokenForm } from './support/harness.ts';

const form = (code: string) => ({
  [BLOCK.tokenDescription]: { [ACTION.tokenDescription]: { type: 'plain_text_input', value: 'CI deploy' } },
  [BLOCK.tokenExpiryDays]: { [ACTION.tokenExpiryDays]: { type: 'static_select', selected_option: { value: '30' } } },
  [BLOCK.tokenExpiryDate]: { [ACTION.tokenExpiryDate]: { type: 'datepicker', selected_date: null } },
  [BLOCK.tokenTotp]: { [ACTION.tokenTotp]: { type: 'plain_text_input', value: code } },
});

describe('field errors of a modal', () => {
  it('show a locked account’s date as plain text (Slack shows field errors unformatted), not a <!date^…> code', async () => {
    const h = await startHarness();
    const ann = await makeAccount(h.core, 'ann@example.com');
    await linkSlack(h.core, ann, ANN);
    const { secret } = await enableMfa(h.core, h.clock, ann);
    let locked: string | undefined;
    for (let attempt = 0; attempt < 20 && !locked; attempt++) {
      const response = await h.interact(submitTokenForm(ANN, form(await wrongCode(secret, h.clock.now()))));
      const answer = (await response.json()) as { errors?: Record<string, string> };
      const error = answer.errors?.[BLOCK.tokenTotp] ?? '';
      if (error.includes('locked')) locked = error;
    }
    expect(locked).toBeDefined();
    expect(locked).not.toContain('<!date');
    expect(locked).toMatch(/until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./);
  });
});
