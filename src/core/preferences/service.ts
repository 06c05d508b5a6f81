import type { CoreContext } from '../context.ts';
import { AccountError } from '../errors.ts';
import { iso } from '../shared/time.ts';
import { requireAccount } from '../accounts/model.ts';
import { preferencesOf } from './model.ts';
import { DM_KINDS, type DmKind, type DmPreferences, type DmPreferencesChange } from './types.ts';

const isDmKind = (value: string): value is DmKind => (DM_KINDS as readonly string[]).includes(value);

/** The change as given, checked: only known kinds (own keys, never `constructor`), only booleans. */
function checkedChange(change: unknown): [DmKind, boolean][] {
  if (typeof change !== 'object' || change === null || Array.isArray(change)) {
    throw new AccountError('INVALID_INPUT', 'The preferences change must name kinds with true (on) or false (off).');
  }
  const entries = Object.entries(change);
  if (entries.length === 0) throw new AccountError('INVALID_INPUT', 'The preferences change names no kind.');
  return entries.map(([kind, on]) => {
    if (!isDmKind(kind)) {
      throw new AccountError('INVALID_INPUT', `There is no message kind "${kind.slice(0, 40)}". Kinds: ${DM_KINDS.join(', ')}.`, { field: 'kind' });
    }
    if (typeof on !== 'boolean') throw new AccountError('INVALID_INPUT', `The value for ${kind} must be true (on) or false (off).`, { field: kind });
    return [kind, on];
  });
}

/**
 * Notification preferences: which kinds of direct message (see DM_KINDS) reach a person in Slack.
 * They only decide what is queued for delivery (outbox/enqueue.ts): the bell, the notification
 * list and the pending invitations show everything whatever is chosen.
 */
export function createPreferencesService(ctx: CoreContext) {
  const { store, clock } = ctx;
  return {
    /** The account's preferences. ACCOUNT_NOT_FOUND for an unknown account. */
    async get(accountId: string): Promise<DmPreferences> {
      return preferencesOf(await store.view((view) => requireAccount(view, accountId)));
    },

    /**
     * Turns the kinds `change` names on or off and returns the preferences as they are now.
     * INVALID_INPUT for an unknown kind or a value that is not a boolean (nothing is changed).
     */
    async setDm(accountId: string, change: DmPreferencesChange): Promise<DmPreferences> {
      const entries = checkedChange(change);
      const now = clock.now();
      return store.transact(async (tx) => {
        const account = await requireAccount(tx, accountId);
        const off = new Set<DmKind>(account.dmPreferences?.off ?? []);
        for (const [kind, on] of entries) {
          if (on) off.delete(kind);
          else off.add(kind);
        }
        account.dmPreferences = { off: DM_KINDS.filter((kind) => off.has(kind)), updatedAt: iso(now) };
        return preferencesOf(account);
      });
    },
  };
}

export type PreferencesService = ReturnType<typeof createPreferencesService>;
