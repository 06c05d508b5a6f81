import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, PASSWORD, testCore } from '../support/core.ts';
import { eventually, flat, KEY, login, renderDashboard, type Harness } from './harness.tsx';
import { countdown } from '../../src/tui/screens/settings/SlackLinkCode.tsx';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.unmount();
  harness = null;
});

const EMAIL = 'slack@example.com';
const SLACK_USER = { teamId: 'T0123ABC', userId: 'U0456DEF' };
const COMMAND = /\/kbc link ([A-Z0-9]{4}-[A-Z0-9]{4})/;

/** Logs in and opens Account Settings › Slack with the keyboard in the section. */
async function openSlack(prepare?: (setup: ReturnType<typeof testCore> & { accountId: string }) => Promise<void>) {
  const setup = testCore();
  const accountId = await makeAccount(setup.core, EMAIL);
  await prepare?.({ ...setup, accountId });
  harness = await renderDashboard(setup.core);
  await login(harness, EMAIL, PASSWORD);
  await harness.waitFor('Your projects');
  await harness.press('s');
  await harness.press('6');
  return { ...setup, accountId, harness };
}

/** Presses g and returns the code in the command shown; waits for a code other than `previous`. */
async function generate(h: Harness, previous: string | null = null): Promise<string> {
  await h.press('g');
  const frame = await h.waitUntil((current) => {
    const code = COMMAND.exec(current)?.[1];
    return code !== undefined && code !== previous;
  }, 'a new link code');
  return COMMAND.exec(frame)![1]!;
}

describe('Slack link', () => {
  it('shows a new code with the exact /kbc link command and a live countdown to its expiry', async () => {
    const { harness, clock } = await openSlack();
    await harness.waitFor('g generate link code');
    const code = await generate(harness);
    expect(harness.frame()).toContain(`/kbc link ${code}`);
    expect(harness.frame()).toContain('Expires in 10:00');
    clock.advance({ minutes: 3, seconds: 15 });
    await harness.waitFor('Expires in 6:45');
    clock.advance({ minutes: 7 });
    const expired = await harness.waitFor('This code expired');
    expect(expired).toContain('Press g for a new one.');
    expect(expired).not.toContain(`/kbc link ${code}`);
  });

  it('keeps a valid code on screen after a visit to another section', async () => {
    const { harness } = await openSlack();
    const code = await generate(harness);
    await harness.press(KEY.escape);
    await harness.press('4');
    await harness.waitFor('No notifications yet.');
    await harness.press(KEY.escape);
    await harness.press('6');
    const frame = await harness.waitFor(`/kbc link ${code}`);
    expect(frame).toMatch(/Expires in \d+:\d\d/);
  });

  it('replaces the code when a new one is generated: the old one no longer links', async () => {
    const { harness, core } = await openSlack();
    const first = await generate(harness);
    const second = await generate(harness, first);
    expect(harness.frame()).not.toContain(first);
    await expect(core.slackLink.link({ code: first, ...SLACK_USER })).rejects.toMatchObject({ code: 'SLACK_LINK_CODE_INVALID' });
    await expect(core.slackLink.link({ code: second, ...SLACK_USER })).resolves.toMatchObject({ email: EMAIL });
  });

  it('turns the countdown into "Linked to …" when the link is made in Slack meanwhile', async () => {
    const { harness, core } = await openSlack();
    const code = await generate(harness);
    await core.slackLink.link({ code, ...SLACK_USER });
    const frame = await harness.waitFor('Linked to Slack user U0456DEF in team T0123ABC');
    expect(frame).toContain('✔ Linked in Slack just now.');
    expect(frame).toContain('since 15 Jan 2026');
    expect(frame).not.toContain(code);
    expect(frame).not.toContain('Expires in');
  });

  it('names the link by the Slack handle and workspace name Slack told, and names it by ids for a link made before', async () => {
    const { harness, core } = await openSlack(async ({ core, accountId }) => {
      const { code } = await core.slackLink.createLinkCode(accountId);
      await core.slackLink.link({ code, ...SLACK_USER });
    });
    await harness.waitFor('Linked to Slack user U0456DEF in team T0123ABC');
    await core.slackLink.rememberNames({ ...SLACK_USER, handle: 'ann.s', teamName: 'Acme Data' });
    const frame = await harness.waitFor('Linked to @ann.s in Acme Data');
    expect(frame).not.toContain('U0456DEF');
    await harness.press('u');
    expect(flat(await harness.waitFor('Unlink Slack?'))).toContain('@ann.s in Acme Data will no longer act for this account');
  });

  it('unlinks only after confirmation', async () => {
    const { harness, core, accountId } = await openSlack(async ({ core, accountId }) => {
      const { code } = await core.slackLink.createLinkCode(accountId);
      await core.slackLink.link({ code, ...SLACK_USER });
    });
    await harness.waitFor('u unlink');
    await harness.press('u');
    await harness.waitFor('Unlink Slack?');
    await harness.press(KEY.escape);
    await eventually(() => expect(harness.frame()).not.toContain('Unlink Slack?'));
    await expect(core.slackLink.linkFor(accountId)).resolves.toMatchObject(SLACK_USER);
    await harness.press('u');
    await harness.waitFor('Unlink Slack?');
    await harness.press('y');
    await harness.waitFor('✔ Slack unlinked.');
    expect(harness.frame()).toContain('g generate link code');
    await expect(core.slackLink.linkFor(accountId)).resolves.toBeNull();
  });

  it('notices a link ended from Slack (/kbc unlink) without a restart', async () => {
    const { harness, core } = await openSlack(async ({ core, accountId }) => {
      const { code } = await core.slackLink.createLinkCode(accountId);
      await core.slackLink.link({ code, ...SLACK_USER });
    });
    await harness.waitFor('Linked to Slack user');
    await core.slackLink.unlinkSlackUser(SLACK_USER);
    const frame = await harness.waitFor('The link was ended from Slack.');
    expect(frame).toContain('Not linked to Slack');
  });
});

describe('countdown', () => {
  it('shows minutes and seconds left, rounding up to the second', () => {
    expect(countdown(600_000)).toBe('10:00');
    expect(countdown(61_001)).toBe('1:02');
    expect(countdown(999)).toBe('0:01');
    expect(countdown(-5)).toBe('0:00');
  });
});
