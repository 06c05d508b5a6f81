import { describe, expect, it } from 'vitest';
import { fastTestHasher, openCore, SLACK_EVENT_MEMORY_MINUTES } from '../../../src/core/index.ts';
import { fileCore, testCore } from '../../support/core.ts';

describe('Slack events handled once', () => {
  it('says true for the first delivery of an event id and false for its retries, until the memory expires', async () => {
    const { core, clock } = testCore();
    expect(await core.slackEvents.firstDelivery('Ev0A1B2C3')).toBe(true);
    expect(await core.slackEvents.firstDelivery('Ev0A1B2C3')).toBe(false);
    clock.advance({ minutes: 5 });
    expect(await core.slackEvents.firstDelivery('Ev0A1B2C3')).toBe(false);
    expect(await core.slackEvents.firstDelivery('Ev0OTHER')).toBe(true);
    clock.advance({ minutes: SLACK_EVENT_MEMORY_MINUTES });
    expect(await core.slackEvents.firstDelivery('Ev0A1B2C3')).toBe(true);
  });

  it('forgets expired records as new events arrive', async () => {
    const { core, clock, store } = testCore();
    for (let n = 0; n < 5; n++) await core.slackEvents.firstDelivery(`Ev${n}`);
    clock.advance({ minutes: SLACK_EVENT_MEMORY_MINUTES + 1 });
    await core.slackEvents.firstDelivery('EvNew');
    const left = await store.view((view) => view.page('slackEvents', 'expiry', { key: '*', limit: 100 }));
    expect(left.items.map((record) => record.eventId)).toEqual(['EvNew']);
  });

  it('refuses ids that are not Slack-shaped, storing nothing', async () => {
    const { core, store } = testCore();
    for (const hostile of ['', '__proto__', 'constructor!', 'Ev\u0000', 'E'.repeat(101), 'Ev 1']) {
      await expect(core.slackEvents.firstDelivery(hostile)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    const left = await store.view((view) => view.page('slackEvents', 'expiry', { key: '*', limit: 10 }));
    expect(left.items).toEqual([]);
  });

  it('holds across processes on one data directory (a retry may reach another replica)', async () => {
    const { core: one, clock, dataDir } = await fileCore();
    const two = await openCore({ dataDir, clock, hasher: fastTestHasher(), env: {} });
    try {
      const answers = await Promise.all([one.slackEvents.firstDelivery('EvRace'), two.slackEvents.firstDelivery('EvRace')]);
      expect(answers.sort()).toEqual([false, true]);
      expect(await two.slackEvents.firstDelivery('EvRace')).toBe(false);
    } finally {
      await two.close();
    }
  });
});
