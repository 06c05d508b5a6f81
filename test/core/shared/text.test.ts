import { describe, expect, it } from 'vitest';
import { checkText } from '../../../src/core/shared/text.ts';
import { makeAccount, storeContents, testCore } from '../../support/core.ts';

const ESCAPE = 'ok\u001b]0;pwned\u0007\u001b[2J';

describe('free text people type and others read', () => {
  it('counts code points, trims, and flags control characters', () => {
    expect(checkText('  😀😀  ', { min: 1, max: 2 })).toEqual({ text: '😀😀', length: 2, problem: null });
    expect(checkText('', { min: 1, max: 2 }).problem).toBe('too_short');
    expect(checkText('abc', { min: 1, max: 2 }).problem).toBe('too_long');
    expect(checkText(ESCAPE, { min: 1, max: 100 }).problem).toBe('control_characters');
    expect(checkText('two\nlines', { min: 1, max: 100 }).problem).toBe('control_characters');
    expect(checkText('two\r\nlines\tand a tab', { min: 1, max: 100, multiline: true })).toMatchObject({ text: 'two\nlines\tand a tab', problem: null });
    expect(checkText('bell\u0007', { min: 1, max: 100, multiline: true }).problem).toBe('control_characters');
  });

  it('refuses terminal escape sequences in every field shown to other people, and stores nothing', async () => {
    const { core, store } = testCore();
    const ann = await makeAccount(core, 'ann@example.com');
    await expect(core.projects.create({ name: ESCAPE })).rejects.toMatchObject({ code: 'PROJECT_NAME_INVALID' });
    await expect(core.tokens.create(ann, { description: ESCAPE, expiresInDays: 7 })).rejects.toMatchObject({ code: 'TOKEN_DESCRIPTION_INVALID' });
    await expect(core.promo.create({ code: 'ESC', description: ESCAPE })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(core.notifications.publish({ kind: 'announcement', title: ESCAPE, message: 'm', audience: { type: 'all' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'title' },
    });
    await expect(core.notifications.publish({ kind: 'announcement', title: 't', message: ESCAPE, audience: { type: 'all' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'message' },
    });
    const project = await core.projects.create({ name: 'Sales' });
    const afterProject = await storeContents(store);
    await expect(core.invitations.create({ projectId: project.id, email: 'bob@example.com', reason: ESCAPE })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'reason' },
    });
    await core.promo.create({ code: 'HACK' });
    await expect(core.promo.redeem(ann, { code: 'HACK', projectName: ESCAPE })).rejects.toMatchObject({ code: 'PROJECT_NAME_INVALID' });
    expect(afterProject).not.toContain('pwned');
    expect(await storeContents(store)).not.toContain('pwned');
  });

  it('keeps line breaks in a notification message', async () => {
    const { core } = testCore();
    const { notification } = await core.notifications.publish({
      kind: 'migration',
      title: 'Move to the new backend',
      message: 'Step 1: export.\nStep 2: import.',
      audience: { type: 'all' },
    });
    expect(notification.message).toBe('Step 1: export.\nStep 2: import.');
  });
});
