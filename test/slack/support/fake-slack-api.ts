import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callProblems, messageProblems } from './block-kit-limits.ts';

/** One Web API call the app made. `args` has JSON-looking form values parsed (view, blocks). */
export interface RecordedCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  /** The body exactly as sent: to scan for secrets. */
  readonly raw: string;
}

/** One POST to a response_url (an ephemeral reply). */
export interface RecordedResponse {
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly raw: string;
}

export type Failure = { readonly error: string } | { readonly status: 429; readonly retryAfter: number } | { readonly status: 500 };

interface StoredMessage {
  text: unknown;
  blocks: unknown;
  /** As posted (`chat.postMessage`'s `metadata`); kept by updates that send none, as Slack does. */
  metadata?: unknown;
}

/**
 * A local stand-in for the Slack Web API (`SLACK_API_URL`) and for response_urls: records every
 * call, answers like Slack does for the methods the app uses, and can be told to fail.
 */
export class FakeSlackApi {
  /** Every fake started and not yet checked: the harness checks their Block Kit after each test. */
  static readonly started: FakeSlackApi[] = [];
  readonly calls: RecordedCall[] = [];
  /**
   * Block Kit limits broken by what the app sent (see block-kit-limits.ts), one line each. Slack
   * would refuse such a call (invalid_blocks, msg_too_long); the fake records it and answers as
   * if it had been fine, so the test goes on and the harness fails it at the end, naming the limit.
   */
  readonly problems: string[] = [];
  readonly responses: RecordedResponse[] = [];
  /** Views by id as last opened or updated, and Home tabs by user id. */
  readonly views = new Map<string, Record<string, unknown>>();
  readonly homes = new Map<string, Record<string, unknown>>();
  /** The hash of each user's Home view: a publish with another `hash` gets `hash_conflict`, as Slack answers. */
  private readonly homeHashes = new Map<string, string>();
  /** The hash of each modal as last opened or updated: an update with another `hash` gets `hash_conflict`. */
  private readonly viewHashes = new Map<string, string>();
  /** DMs by `channel/ts`. */
  readonly messages = new Map<string, StoredMessage>();
  /** What `users.info` answers, by user id (Slack's `user` object); an unknown user gets `user_not_found`. */
  readonly users = new Map<string, Record<string, unknown>>();
  /** What `team.info` answers, by team id (Slack's `team` object); an unknown team gets `team_not_found`. */
  readonly teams = new Map<string, Record<string, unknown>>();
  private readonly failures: { method: string; failure: Failure }[] = [];
  private readonly delays = new Map<string, number>();
  private counter = 0;
  /** Slack's clock for message timestamps: the test's clock when the harness sets it, else real time. */
  now: () => Date = () => new Date();
  private server: Server | null = null;
  private base = '';

  static async start(): Promise<FakeSlackApi> {
    const api = new FakeSlackApi();
    api.server = createServer((req, res) => void api.handle(req, res));
    await new Promise<void>((resolve) => api.server!.listen(0, '127.0.0.1', resolve));
    api.base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    FakeSlackApi.started.push(api);
    return api;
  }

  /** The Web API base URL for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A fresh response_url. */
  responseUrl(): string {
    return `${this.base}/respond/${++this.counter}`;
  }

  /** The next call of `method` fails this way (queued in order). */
  failNext(method: string, failure: Failure): void {
    this.failures.push({ method, failure });
  }

  /** The next call of `method` is answered only after `ms` milliseconds (a slow Slack). */
  delayNext(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Every recorded byte sent to this fake (Web API and response_urls). */
  allTraffic(): string {
    return [...this.calls.map((call) => call.raw), ...this.responses.map((response) => response.raw)].join('\n');
  }

  /** The current hash of modal `viewId`, as a click on it carries; undefined for a view this fake never opened. */
  hashOf(viewId: string): string | undefined {
    return this.viewHashes.get(viewId);
  }

  /** Modal `viewId` was updated by something else (another click's refresh): hashes clicks carried before are stale. */
  updatedElsewhere(viewId: string): void {
    this.viewHashes.set(viewId, `elsewhere-${++this.counter}`);
  }

  /** Another replica of the app published `userId`'s Home tab: the hash the app knows is stale now. */
  publishedElsewhere(userId: string): void {
    this.homeHashes.set(userId, `elsewhere-${++this.counter}`);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    if (path.startsWith('/respond/')) {
      const body = JSON.parse(raw) as Record<string, unknown>;
      this.responses.push({ path, raw, body });
      this.problems.push(...messageProblems(body).map((problem) => `response_url: ${problem}`));
      res.writeHead(200).end('ok');
      return;
    }
    const method = path.replace(/^\/api\//, '').split('?')[0]!;
    const args = parseForm(raw, String(req.headers['content-type'] ?? ''));
    this.calls.push({ method, args, raw });
    this.problems.push(...callProblems(method, args));
    const delay = this.delays.get(method);
    if (delay !== undefined) {
      this.delays.delete(method);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    const index = this.failures.findIndex((entry) => entry.method === method);
    if (index >= 0) {
      const { failure } = this.failures.splice(index, 1)[0]!;
      if ('status' in failure && failure.status === 429) {
        res.writeHead(429, { 'retry-after': String(failure.retryAfter), 'content-type': 'application/json' }).end('{"ok":false,"error":"ratelimited"}');
      } else if ('status' in failure) {
        res.writeHead(500).end('internal error');
      } else {
        json(res, { ok: false, error: failure.error });
      }
      return;
    }
    json(res, this.answer(method, args));
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const n = ++this.counter;
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' };
      case 'views.open':
      case 'views.push': {
        const id = `V${String(n).padStart(6, '0')}`;
        this.views.set(id, args['view'] as Record<string, unknown>);
        this.viewHashes.set(id, `h${n}`);
        return { ok: true, view: { id, hash: `h${n}` } };
      }
      case 'views.update': {
        const id = String(args['view_id']);
        if (!this.views.has(id)) return { ok: false, error: 'not_found' };
        if (typeof args['hash'] === 'string' && args['hash'] !== this.viewHashes.get(id)) return { ok: false, error: 'hash_conflict' };
        this.views.set(id, args['view'] as Record<string, unknown>);
        this.viewHashes.set(id, `h${n}`);
        return { ok: true, view: { id, hash: `h${n}` } };
      }
      case 'views.publish': {
        const userId = String(args['user_id']);
        const known = this.homeHashes.get(userId);
        if (typeof args['hash'] === 'string' && args['hash'] !== known) return { ok: false, error: 'hash_conflict' };
        this.homes.set(userId, args['view'] as Record<string, unknown>);
        this.homeHashes.set(userId, `hh${n}`);
        return { ok: true, view: { id: `VH${n}`, hash: `hh${n}` } };
      }
      case 'chat.postMessage': {
        const channel = String(args['channel']).replace(/^U/, 'D');
        // Seconds from Slack's clock, and a counter as the fraction: unique and in posting order.
        const ts = `${Math.floor(this.now().getTime() / 1000)}.${String(n % 1_000_000).padStart(6, '0')}`;
        this.messages.set(`${channel}/${ts}`, { text: args['text'], blocks: args['blocks'], ...(args['metadata'] ? { metadata: args['metadata'] } : {}) });
        return { ok: true, channel, ts };
      }
      case 'chat.update': {
        const key = `${String(args['channel'])}/${String(args['ts'])}`;
        const stored = this.messages.get(key);
        if (!stored) return { ok: false, error: 'message_not_found' };
        this.messages.set(key, { ...stored, text: args['text'], blocks: args['blocks'] });
        return { ok: true, channel: args['channel'], ts: args['ts'] };
      }
      case 'users.info': {
        const user = this.users.get(String(args['user']));
        return user ? { ok: true, user } : { ok: false, error: 'user_not_found' };
      }
      case 'team.info': {
        const team = this.teams.get(String(args['team']));
        return team ? { ok: true, team } : { ok: false, error: 'team_not_found' };
      }
      case 'conversations.open':
        // The app's DM with a user: `D` + the user id without its `U`, as chat.postMessage answers.
        return { ok: true, channel: { id: String(args['users']).replace(/^U/, 'D') } };
      case 'conversations.history': {
        // Newest first, from `oldest` on; metadata only with include_all_metadata, as Slack does.
        const channel = String(args['channel']);
        const oldest = Number(args['oldest'] ?? 0);
        const withMetadata = args['include_all_metadata'] === true || args['include_all_metadata'] === 'true';
        const messages = [...this.messages]
          .filter(([key]) => key.startsWith(`${channel}/`))
          .map(([key, message]) => ({ ts: key.slice(channel.length + 1), message }))
          .filter(({ ts }) => Number(ts) >= oldest)
          .sort((a, b) => Number(b.ts) - Number(a.ts))
          .map(({ ts, message }) => ({ type: 'message', ts, text: message.text, ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}) }));
        return { ok: true, messages, has_more: false };
      }
      default:
        return { ok: true };
    }
  }
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function parseForm(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}
