import type { SlackUser } from '../../core/index.ts';
import type { SlackClient, SlackDeps } from '../context.ts';
import { slackErrorCode } from '../delivery/slack-errors.ts';
import { accountFor } from '../identity.ts';
import { logFailure } from '../log.ts';
import { field, text } from '../payload.ts';
import type { Notice } from '../views/blocks.ts';
import { homeView, HOME_UNREAD_MAX, type HomeData } from '../views/home.ts';
import { loadOverview } from './overview.ts';

/** Notifications read to find the newest unread ones (the Home tab shows HOME_UNREAD_MAX). */
const UNREAD_SCAN = 25;

/** What one Slack user's Home tab is showing, as far as this process knows. */
interface HomeState {
  /** The outcome of the user's last click, kept until their next action. */
  notice: Notice | null;
  /**
   * The `hash` Slack gave the Home view this process published last; sent back, so Slack refuses
   * the publish when another replica of the app published since. (A click's own `view.hash` is not
   * used: it may be older than this process's last publish, which would conflict for nothing.)
   */
  hash: string | null;
  /** Publishes of this user's Home tab, one at a time, in order. */
  queue: Promise<void>;
}

/**
 * The Home tabs of one running app. Keyed by the app's deps (listeners and the delivery worker
 * share them), so each app has its own and tests do not share state.
 */
const boards = new WeakMap<SlackDeps, Map<string, HomeState>>();

const keyOf = (user: SlackUser): string => `${user.enterpriseId ?? ''}/${user.userId}`;

function stateOf(deps: SlackDeps, user: SlackUser): HomeState {
  let board = boards.get(deps);
  if (!board) boards.set(deps, (board = new Map()));
  let state = board.get(keyOf(user));
  if (!state) board.set(keyOf(user), (state = { notice: null, hash: null, queue: Promise.resolve() }));
  return state;
}

/** The user did something new (a click, a command): the last click's notice has been read. */
export function clearHomeNotice(deps: SlackDeps, user: SlackUser): void {
  const state = boards.get(deps)?.get(keyOf(user));
  if (state) state.notice = null;
}

/** What the linked Home tab shows, read from the core (cached reads, no lock). */
async function loadHome(deps: SlackDeps, user: SlackUser): Promise<HomeData | null> {
  const { core } = deps;
  const account = await accountFor(core, user);
  if (!account) return null;
  const [overview, recent, tokens, sessions, preferences, projects, requests, requestsToAnswer] = await Promise.all([
    loadOverview(core, account),
    core.notifications.listForAccount(account.id, { limit: UNREAD_SCAN }),
    core.tokens.list(account.id),
    core.sessions.summaryFor(account.id),
    core.preferences.get(account.id),
    core.projects.listForAccount(account.id),
    core.joinRequests.listOwn(account.id),
    core.joinRequests.listToAnswer(account.id),
  ]);
  const unreadItems = recent.items.filter((item) => !item.read).slice(0, HOME_UNREAD_MAX);
  const joinRequests = requests.filter((request) => request.status === 'pending');
  return { ...overview, unreadItems, tokens, sessions, preferences, projects, joinRequests, requestsToAnswer, projectBaseUrl: deps.config.projectBaseUrl ?? null };
}

/**
 * Renders the Home tab from the core's current data and publishes it with the hash last seen.
 * Slack answers `hash_conflict` when someone published since (another replica of the app): the
 * data is read again and published once more without a hash, since it is now the newest anyone
 * has read.
 */
async function render(deps: SlackDeps, client: SlackClient, user: SlackUser, state: HomeState): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const view = homeView(await loadHome(deps, user), state.notice);
    try {
      const published = await client.views.publish({ user_id: user.userId, view, ...(state.hash ? { hash: state.hash } : {}) });
      state.hash = text(field(published, 'view', 'hash'));
      return;
    } catch (error) {
      state.hash = null;
      if (slackErrorCode(error) !== 'hash_conflict' || attempt > 0) throw error;
      deps.logger.info('kbc-account slack: the Home tab changed since it was read (hash_conflict); publishing it again from fresh data');
    }
  }
}

/**
 * Publishes the Slack user's Home tab from the core's current data: on app_home_opened and after
 * every change the user made here or that was delivered to them. A `notice` (the outcome of a
 * click) stays on the tab until the user's next action, whatever refreshes it meanwhile.
 * Publishes for one user go out one at a time. Never throws: a Home tab that could not be
 * refreshed is logged and refreshed next time.
 */
export function publishHome(deps: SlackDeps, client: SlackClient, user: SlackUser, notice?: Notice | null): Promise<void> {
  const state = stateOf(deps, user);
  if (notice) state.notice = notice;
  const run = state.queue.then(() => render(deps, client, user, state)).catch((error: unknown) => logFailure(deps.logger, 'publishing the Home tab', error));
  state.queue = run;
  return run;
}
