import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountNotificationView, Core } from '../../core/index.ts';
import { ownerOf } from '../auth.ts';
import { presentNotification } from '../present.ts';
import { markReadBody, notificationSchema, notificationsQuery, statusOk } from '../schemas.ts';
import { errorResponses, TOKEN_SECURITY } from './responses.ts';

const tags = ['notifications'];
/** Notifications one listing returns at most (the core's largest page). */
const LIST_MAX = 200;

/** The user's notifications: list (all, or those newer than one), and mark read. */
export function notificationRoutes(core: Core): FastifyPluginAsyncZod {
  /**
   * The account's notifications newest first, LIST_MAX at most; with `fromId`, only those newer
   * than that one (NOTIFICATION_NOT_FOUND when the account cannot see it), read page by page
   * until it shows up.
   */
  async function listNewer(accountId: string, fromId: string | undefined): Promise<AccountNotificationView[]> {
    if (fromId === undefined) return (await core.notifications.listForAccount(accountId, { limit: LIST_MAX })).items;
    await core.notifications.getForAccount(accountId, fromId);
    const newer: AccountNotificationView[] = [];
    for (let after: string | null = null; newer.length < LIST_MAX; ) {
      const page = await core.notifications.listForAccount(accountId, { limit: LIST_MAX, after });
      for (const item of page.items) {
        if (item.id === fromId || newer.length === LIST_MAX) return newer;
        newer.push(item);
      }
      if (page.next === null) return newer;
      after = page.next;
    }
    return newer;
  }

  return async (app) => {
    app.get(
      '/manage/notifications',
      {
        schema: {
          summary: 'List your notifications',
          description: `Newest first, at most ${LIST_MAX}. With fromId, only the ones newer than that notification (404 NOTIFICATION_NOT_FOUND when you cannot see it).`,
          tags,
          security: TOKEN_SECURITY,
          querystring: notificationsQuery,
          response: { 200: z.array(notificationSchema), ...errorResponses(404) },
        },
      },
      async (request) => (await listNewer(ownerOf(request), request.query.fromId)).map(presentNotification),
    );

    app.put(
      '/manage/notifications',
      {
        schema: {
          summary: 'Mark notifications read',
          description: '`{"read": [ids]}` marks those (all or none: 404 NOTIFICATION_NOT_FOUND names one you cannot see), `{"allRead": true}` marks all.',
          tags,
          security: TOKEN_SECURITY,
          body: markReadBody,
          response: { 200: statusOk, ...errorResponses(404) },
        },
      },
      async (request) => {
        const accountId = ownerOf(request);
        const body = request.body;
        if ('allRead' in body) {
          await core.notifications.markAllRead(accountId);
        } else {
          const ids = [...new Set(body.read)];
          // Checked first, so an unknown id marks none of them.
          for (const id of ids) await core.notifications.getForAccount(accountId, id);
          for (const id of ids) await core.notifications.markRead(accountId, id);
        }
        return { status: 'ok' as const };
      },
    );
  };
}
