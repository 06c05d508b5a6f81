import { slackSignature, slashCommandBody } from '../test/slack/support/slack-requests.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
export const BENCH_BOT_TOKEN = 'xoxb-bench-bot-token';

/**
 * A minimal local Slack Web API and response_url endpoint: every method answers `ok`
 * (auth.test with the bot's ids), and `responses()` counts response_url posts.
 */
export class FakeSlack {
  private server: Server | null = null;
  private base = '';
  private responded = 0;
  private counter = 0;
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  /** Called with the body of every chat.postMessage and chat.update, as sent (form-encoded). */
  onMessage: ((method: string, body: string) => void) | null = null;

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    fake.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        if (path.startsWith('/respond/')) {
          fake.responded++;
          for (const waiter of fake.waiters.splice(0)) {
            if (fake.responded >= waiter.count) waiter.resolve();
            else fake.waiters.push(waiter);
          }
          res.writeHead(200).end('ok');
          return;
        }
        const method = path.replace(/^\/api\//, '').split('?')[0]!;
        if (method === 'chat.postMessage' || method === 'chat.update') fake.onMessage?.(method, Buffer.concat(chunks).toString());
        const body = method === 'auth.test' ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0BENCH' } : { ok: true, view: { id: 'V1', hash: 'h' }, channel: 'D1', ts: '1.1' };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => fake.server!.listen(0, '127.0.0.1', resolve));
    fake.base = `http://127.0.0.1:${(fake.server!.address() as AddressInfo).port}`;
    return fake;
  }

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  responseUrl(): string {
    return `${this.base}/respond/${++this.counter}`;
  }

  responses(): number {
    return this.responded;
  }

  /** Resolves once `count` response_url posts arrived in all, or after `timeoutMs`. */
  waitForResponses(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.responded >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** A signed `/kbc <text>` slash command body and headers, as Slack sends it. */
export function signedCommand(fake: FakeSlack, user: { teamId: string; userId: string }, text: string): { body: string; headers: Record<string, string> } {
  const body = slashCommandBody(user, text, fake.responseUrl());
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = slackSignature(body, timestamp, BENCH_SIGNING_SECRET);
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
  };
}
