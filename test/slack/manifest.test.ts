import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../src/slack/config.ts';
import { startHarness } from './support/harness.ts';

interface Manifest {
  features: { app_home?: { home_tab_enabled?: boolean }; slash_commands?: { command: string; url: string }[] };
  oauth_config: { scopes: { bot?: string[]; user?: string[] } };
  settings: { event_subscriptions?: { request_url: string; bot_events?: string[]; user_events?: string[] }; interactivity?: { is_enabled: boolean; request_url: string } };
}

const manifest = async (): Promise<Manifest> => JSON.parse(await readFile(new URL('../../slack/manifest.json', import.meta.url), 'utf8')) as Manifest;

describe('slack/manifest.json', () => {
  it('declares the slash command the app handles, at the path it serves', async () => {
    const { features } = await manifest();
    expect(features.slash_commands?.map((command) => command.command)).toEqual(['/kbc']);
    expect(new URL(features.slash_commands![0]!.url).pathname).toBe(SLACK_EVENTS_PATH);
    // The app answers that command (the harness sends exactly what Slack would for it).
    const h = await startHarness();
    await h.command({ teamId: 'T0001', userId: 'U0EVE' }, 'help');
    expect(h.replies()[0]).toContain(`${features.slash_commands![0]!.command} link ABCD-EFGH`);
  });

  it('subscribes to app_home_opened, messages in public channels the app is in (leak detection), app_uninstalled and tokens_revoked (delivery stops) and user_change (a linked handle follows), with the Home tab on', async () => {
    const { settings, features } = await manifest();
    expect(settings.event_subscriptions?.bot_events).toEqual(['app_home_opened', 'message.channels', 'app_uninstalled', 'tokens_revoked', 'user_change']);
    expect(settings.event_subscriptions?.user_events ?? []).toEqual([]);
    expect(new URL(settings.event_subscriptions!.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(features.app_home?.home_tab_enabled).toBe(true);
  });

  it('turns interactivity on, at the path the app serves', async () => {
    const { settings } = await manifest();
    expect(settings.interactivity?.is_enabled).toBe(true);
    expect(new URL(settings.interactivity!.request_url).pathname).toBe(SLACK_EVENTS_PATH);
  });

  it('asks for exactly the scopes commands, chat:write, channels:history (what message.channels needs), im:write with im:history (finding a DM a crashed sender posted) and users:read with team:read (the handle and workspace name of a link), and no user scopes', async () => {
    const { oauth_config } = await manifest();
    expect([...(oauth_config.scopes.bot ?? [])].sort()).toEqual(['channels:history', 'chat:write', 'commands', 'im:history', 'im:write', 'team:read', 'users:read']);
    expect(oauth_config.scopes.user ?? []).toEqual([]);
  });
});
