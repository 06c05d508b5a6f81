import { describe, expect, it } from 'vitest';
import { NOTIFICATION_SEARCH_MAX_LENGTH } from '../../../src/core/index.ts';
import { makeAccount, testCore } from '../../support/core.ts';

async function setup() {
  const t = testCore();
  const annId = await makeAccount(t.core, 'ann@example.com');
  const bobId = await makeAccount(t.core, 'bob@example.com');
  const mine = await t.core.projects.create({ name: 'Analytics' });
  const theirs = await t.core.projects.create({ name: 'Finance' });
  await t.core.projects.addMember({ projectId: mine.id, email: 'ann@example.com' });
  await t.core.projects.addMember({ projectId: theirs.id, email: 'bob@example.com' });
  const publish = async (title: string, message: string, audience: Parameters<typeof t.core.notifications.publish>[0]['audience'] = { type: 'all' }) => {
    const { notification } = await t.core.notifications.publish({ kind: 'announcement', title, message, expiresAt: null, audience });
    t.clock.advance({ seconds: 1 });
    return notification.id;
  };
  /** Every page of a search for Ann, as titles per page. */
  const search = async (text: string, limit = 50) => {
    const pages: string[][] = [];
    for (let after: string | null = null; ; ) {
      const page = await t.core.notifications.listForAccount(annId, { search: text, limit, after });
      pages.push(page.items.map((n) => n.title));
      if (!(after = page.next)) return pages;
    }
  };
  return { ...t, annId, bobId, mine, theirs, publish, search };
}

describe('notifications: search', () => {
  it('finds the text in the title or the message, in any case, newest first, among what the account may see', async () => {
    const { core, annId, mine, theirs, publish, search } = await setup();
    await publish('Storage migration', 'Your buckets move to the new backend.');
    const read = await publish('Python 3.8 deprecation', 'Update your transformations before the MIGRATION window.');
    await publish('Limit reached', 'Analytics used all its storage.', { type: 'project', projectId: mine.id });
    await publish('Migration for Finance', 'Only Finance members see this.', { type: 'project', projectId: theirs.id });
    await publish('Personal migration', 'Only Bob sees this.', { type: 'accounts', emails: ['bob@example.com'] });
    await core.notifications.markRead(annId, read);
    expect(await search('migration')).toEqual([['Python 3.8 deprecation', 'Storage migration']]);
    expect(await search('  STORAGE ')).toEqual([['Limit reached', 'Storage migration']]);
    const page = await core.notifications.listForAccount(annId, { search: 'deprecation' });
    expect(page.items).toEqual([expect.objectContaining({ title: 'Python 3.8 deprecation', read: true })]);
    // The bell counts the whole feed, whatever the search.
    expect(page.unread).toBe(2);
    expect(await search('nothing like this')).toEqual([[]]);
  });

  it('pages through what it finds with the cursor, each one once', async () => {
    const { publish, search } = await setup();
    for (const n of [1, 2, 3, 4, 5]) {
      await publish(`Release ${n}`, 'Notes inside.');
      await publish(`Other ${n}`, 'Nothing to see.');
    }
    expect((await search('release', 2)).flat()).toEqual(['Release 5', 'Release 4', 'Release 3', 'Release 2', 'Release 1']);
    expect((await search('release', 2)).every((page) => page.length <= 2)).toBe(true);
  });

  it('takes the text literally, beyond ASCII too', async () => {
    const { publish, search } = await setup();
    await publish('Été à Ürümqi', 'Summer office.');
    await publish('Quota at 100%', 'Storage is full.');
    await publish('data_pipeline done', 'Finished.');
    await publish('database pipeline', 'A lookalike for a LIKE pattern.');
    expect(await search('ÉTÉ À ü')).toEqual([['Été à Ürümqi']]);
    expect(await search('%')).toEqual([['Quota at 100%']]);
    expect(await search('a_p')).toEqual([['data_pipeline done']]);
  });

  it('refuses an empty, overlong or hostile search with INVALID_INPUT on the search field', async () => {
    const { core, annId } = await setup();
    for (const search of ['', '   ', 'x'.repeat(NOTIFICATION_SEARCH_MAX_LENGTH + 1), 'a\u001b[2Jb', 'line\nbreak', 'rev\u202eersed', 42 as unknown as string]) {
      await expect(core.notifications.listForAccount(annId, { search })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'search' } });
    }
    await expect(core.notifications.listForAccount(annId, { search: 'x'.repeat(NOTIFICATION_SEARCH_MAX_LENGTH) })).resolves.toMatchObject({ items: [] });
  });
});
