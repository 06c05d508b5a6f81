import { describe, expect, it } from 'vitest';
import { checkText, forbiddenCharacters, quoted } from '../../../src/core/shared/text.ts';
import { PASSWORD, makeAccount, storeContents, testCore } from '../../support/core.ts';

/** A title escape sequence (OSC 2) that renamed the terminal when the link was shown. */
const TERMINAL_TITLE = 'https://x.io/a\u001b]2;PWNED\u0007b';
/** Invisible characters that make a text look like another one. */
const INVISIBLE = ['\u200b', '\u200e', '\u202e', '\u2066', '\ufeff', '\u00ad', '\u2060'] as const;
/** C1 controls and DEL: not printable, and some terminals act on them. */
const C1_AND_DEL = ['\u0085', '\u009b', '\u007f'] as const;
/** Halves of a character: a high and a low surrogate on their own (as a text cut inside an emoji leaves them). */
const HALVES = ['\ud83d', '\udc69'] as const;

describe('the shared rule for stored text', () => {
  it('refuses C0, C1 and DEL controls, and invisible formatting characters', () => {
    for (const char of ['\u001b', '\u0007', ...C1_AND_DEL]) {
      expect(checkText(`a${char}b`, { min: 1, max: 10 }).problem, JSON.stringify(char)).toBe('control_characters');
      expect(checkText(`a${char}b`, { min: 1, max: 10, multiline: true }).problem, JSON.stringify(char)).toBe('control_characters');
    }
    for (const char of INVISIBLE) {
      expect(checkText(`a${char}b`, { min: 1, max: 10 }).problem, JSON.stringify(char)).toBe('format_characters');
    }
  });

  it('refuses half of a character (a lone surrogate), in any rule, and keeps whole ones', () => {
    for (const half of HALVES) {
      for (const rule of [{ min: 1, max: 10 }, { min: 1, max: 10, multiline: true, joiners: true }]) {
        expect(checkText(`a${half}b`, rule).problem, JSON.stringify(half)).toBe('broken_characters');
      }
    }
    // A cut pair, reversed: each half alone.
    expect(forbiddenCharacters('\udc69\ud83d')).toBe('broken_characters');
    expect(checkText('👩 and 𝒜', { min: 1, max: 10 }).problem).toBeNull();
    expect(quoted('a\ud83d')).toBe('"a\\ud83d"');
  });

  it('keeps the joiners emoji and some scripts need only where a rule allows them', () => {
    const family = '👩\u200d👩\u200d👧';
    expect(checkText(family, { min: 1, max: 10 }).problem).toBe('format_characters');
    expect(checkText(family, { min: 1, max: 10, multiline: true, joiners: true }).problem).toBeNull();
    expect(forbiddenCharacters('a\u202eb', { joiners: true })).toBe('format_characters');
  });

  it('quotes a text with its control and formatting characters escaped', () => {
    expect(quoted('ann\u202e\u001b[2J')).toBe('"ann\\u202e\\u001b[2J"');
  });
});

describe('hostile text given to the core', () => {
  it('refuses a link with a terminal escape sequence, though the URL parser would take it', async () => {
    const { core, store } = testCore();
    const error = await core.notifications
      .publish({ kind: 'announcement', title: 't', message: 'm', link: TERMINAL_TITLE, audience: { type: 'all' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOTIFICATION_LINK_INVALID' });
    expect((error as Error).message).toContain('control characters');
    expect((error as Error).message).not.toContain('\u001b');
    for (const link of [`https://x.io/\u202eexe.txt`, 'https://x.io/\u0085', 'javascript:alert(1)', 'https://']) {
      await expect(core.notifications.publish({ kind: 'announcement', title: 't', message: 'm', link, audience: { type: 'all' } }), link).rejects.toMatchObject({
        code: 'NOTIFICATION_LINK_INVALID',
      });
    }
    expect(await storeContents(store)).not.toContain('PWNED');
  });

  it.each(INVISIBLE)('refuses the invisible character %j in every name, title, description, reason and prefix', async (char) => {
    const { core, store } = testCore();
    const annId = await makeAccount(core, 'ann@example.com');
    const project = await core.projects.create({ name: 'Sales' });
    const text = `Sales${char}team`;
    const announcement = (title: string, message: string) => core.notifications.publish({ kind: 'announcement', title, message, audience: { type: 'all' } });

    await expect(core.accounts.create({ email: 'bob@example.com', name: text, password: PASSWORD })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'name' } });
    await expect(core.projects.create({ name: text })).rejects.toMatchObject({ code: 'PROJECT_NAME_INVALID' });
    await expect(core.tokens.create(annId, { description: text, expiresInDays: 7 })).rejects.toMatchObject({ code: 'TOKEN_DESCRIPTION_INVALID' });
    await expect(announcement(text, 'm')).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'title' } });
    await expect(core.invitations.create({ projectId: project.id, email: 'bob@example.com', reason: text })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'reason' },
    });
    await expect(core.promo.create({ code: 'CF1', description: text })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'description' } });
    await expect(core.promo.create({ code: 'CF2', project: { namePrefix: `Hack${char}: ` } })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'namePrefix' } });
    await core.promo.create({ code: 'CF3' });
    await expect(core.promo.redeem(annId, { code: 'CF3', projectName: text })).rejects.toMatchObject({ code: 'PROJECT_NAME_INVALID' });
    // A bidirectional override or a zero-width space in a message is refused too; only the joiners are kept there.
    await expect(announcement('t', text)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'message' } });

    const error = await core.projects.create({ name: text }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('invisible formatting characters');
    expect(await storeContents(store)).not.toContain(char);
  });

  it.each(C1_AND_DEL)('refuses the control character %j in names, titles and messages', async (char) => {
    const { core } = testCore();
    await expect(core.accounts.create({ email: 'bob@example.com', name: `Bob${char}`, password: PASSWORD })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(core.projects.create({ name: `Sales${char}` })).rejects.toMatchObject({ code: 'PROJECT_NAME_INVALID' });
    await expect(core.notifications.publish({ kind: 'announcement', title: 't', message: `m${char}`, audience: { type: 'all' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'message' },
    });
  });

  it.each(HALVES)('refuses the half character %j in names, titles, messages, reasons and descriptions, and stores none of it', async (half) => {
    const { core, store } = testCore();
    const annId = await makeAccount(core, 'ann@example.com');
    const project = await core.projects.create({ name: 'Sales' });
    const text = `Sales${half}team`;
    await expect(core.accounts.create({ email: 'bob@example.com', name: text, password: PASSWORD })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'name' } });
    await expect(core.projects.create({ name: text })).rejects.toMatchObject({ code: 'PROJECT_NAME_INVALID', message: expect.stringContaining('half of a character') });
    await expect(core.tokens.create(annId, { description: text, expiresInDays: 7 })).rejects.toMatchObject({ code: 'TOKEN_DESCRIPTION_INVALID' });
    for (const [title, message, field] of [[text, 'm', 'title'], ['t', text, 'message']] as const) {
      await expect(core.notifications.publish({ kind: 'announcement', title, message, audience: { type: 'all' } })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field } });
    }
    await expect(core.invitations.create({ projectId: project.id, email: 'bob@example.com', reason: text })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'reason' } });
    await expect(core.promo.create({ code: 'CF1', description: text })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'description' } });
    await expect(
      core.notifications.publish({ kind: 'announcement', title: 't', message: 'm', link: `https://x.io/${half}`, audience: { type: 'all' } }),
    ).rejects.toMatchObject({ code: 'NOTIFICATION_LINK_INVALID', message: expect.stringContaining('half of a character') });
    expect(await storeContents(store)).not.toMatch(/[\ud800-\udfff]|\\ud[89a-f]/i);
  });

  it('keeps emoji sequences joined with zero-width joiners in a message', async () => {
    const { core } = testCore();
    const message = 'Thanks from the team 👩\u200d💻 — see you soon.';
    const { notification } = await core.notifications.publish({ kind: 'announcement', title: 'Thanks', message, audience: { type: 'all' } });
    expect(notification.message).toBe(message);
  });
});
