/**
 * A child process of the fault suite (run through `node --import tsx`): one front end's core on a
 * shared data directory, doing what that front end does.
 *
 *   fault-worker.ts dashboard DATA_DIR CONFIG_JSON   notifications.markRead, tokens.create/delete, MFA
 *   fault-worker.ts slack     DATA_DIR CONFIG_JSON   invitations.accept/decline, slackLink code + link
 *   fault-worker.ts delivery  DATA_DIR CONFIG_JSON   outbox.claim + markDelivered (the Slack delivery worker)
 *   fault-worker.ts guess     DATA_DIR CONFIG_JSON   login guesses (a dashboard under brute force)
 *   fault-worker.ts store-write FILE '{}'           one FileStore transaction; prints its outcome as JSON
 *                                                    (run as another user to meet a permission error)
 *
 * Every change is printed as `ack KIND ID` only AFTER the core call resolved (the change was
 * acknowledged), then `done`. `guess` prints one JSON line with every outcome instead.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeClock, fastTestHasher, isAccountError, openCore, StoreError, totpCodeAt, type Core } from '../../../src/core/index.ts';
import { FileStore } from '../../../src/core/store/file-store.ts';
import { addProject } from '../../core/store/support.ts';

const START_POLL_MS = 2;
const DELIVERY_IDLE_MS = 20;
const DELIVERY_DEADLINE_MS = 120_000;
const TOTP_STEP_SECONDS = 31;

interface Common {
  /** ISO start of this process's fake clock. */
  readonly start: string;
  /** Wait for this file before the first change, so all processes start together. */
  readonly startFile?: string;
  /** A random pause of 0..paceMs between changes, to spread them over the others' run. */
  readonly paceMs?: number;
  /** The real argon2 hasher instead of the fast test one. */
  readonly argon2?: boolean;
}

interface DashboardConfig extends Common {
  readonly accountId: string;
  readonly notificationIds: readonly string[];
  readonly tokens: number;
  /** Delete every n-th created token. */
  readonly deleteEvery: number;
  readonly mfaCycles: number;
}

interface SlackConfig extends Common {
  readonly accountId: string;
  readonly accept: readonly string[];
  readonly decline: readonly string[];
  readonly link: readonly { readonly accountId: string; readonly userId: string }[];
  readonly teamId: string;
}

interface DeliveryConfig extends Common {
  readonly workerId: string;
  readonly atLeast: number;
}

interface GuessConfig extends Common {
  readonly email: string;
  readonly wrong: readonly string[];
  readonly right: string;
  /** Guesses in flight at once inside this process. */
  readonly concurrency: number;
}

const ack = (kind: string, id: string) => process.stdout.write(`ack ${kind} ${id}\n`);
const pace = (config: Common) => (config.paceMs ? sleep(Math.random() * config.paceMs) : Promise.resolve());

async function waitForStart(config: Common): Promise<void> {
  process.stdout.write('ready\n');
  if (!config.startFile) return;
  while (!existsSync(config.startFile)) await sleep(START_POLL_MS);
}

async function dashboard(core: Core, clock: FakeClock, config: DashboardConfig): Promise<void> {
  const ops: (() => Promise<void>)[] = [];
  config.notificationIds.forEach((id) =>
    ops.push(async () => {
      await core.notifications.markRead(config.accountId, id);
      ack('read', id);
    }),
  );
  const created: string[] = [];
  for (let i = 0; i < config.tokens; i++) {
    ops.push(async () => {
      const { token } = await core.tokens.create(config.accountId, { description: `faults ${i}`, expiresInDays: 30 });
      created.push(token.id);
      ack('token-created', token.id);
      if ((i + 1) % config.deleteEvery === 0) {
        const victim = created[Math.floor(Math.random() * created.length)]!;
        created.splice(created.indexOf(victim), 1);
        await pace(config);
        await core.tokens.delete(config.accountId, victim);
        ack('token-deleted', victim);
      }
    });
  }
  for (let cycle = 0; cycle < config.mfaCycles; cycle++) {
    ops.push(async () => {
      const { secret } = await core.mfa.startEnrollment(config.accountId);
      ack('mfa-enrolling', `${cycle}`);
      await core.mfa.activate(config.accountId, await totpCodeAt(secret, clock.now()));
      ack('mfa-enabled', `${cycle}`);
      clock.advance({ seconds: TOTP_STEP_SECONDS });
      await core.mfa.disable(config.accountId, await totpCodeAt(secret, clock.now()));
      ack('mfa-disabled', `${cycle}`);
      clock.advance({ seconds: TOTP_STEP_SECONDS });
    });
  }
  for (const op of shuffled(ops)) {
    await pace(config);
    await op();
  }
}

async function slack(core: Core, config: SlackConfig): Promise<void> {
  const ops: (() => Promise<void>)[] = [
    ...config.accept.map((id) => async () => {
      await core.invitations.accept(config.accountId, id);
      ack('accepted', id);
    }),
    ...config.decline.map((id) => async () => {
      await core.invitations.decline(config.accountId, id);
      ack('declined', id);
    }),
    ...config.link.map((target) => async () => {
      const { code } = await core.slackLink.createLinkCode(target.accountId);
      ack('link-code', target.accountId);
      await pace(config);
      await core.slackLink.link({ code, teamId: config.teamId, userId: target.userId });
      ack('linked', target.accountId);
    }),
  ];
  for (const op of shuffled(ops)) {
    await pace(config);
    await op();
  }
}

async function delivery(core: Core, config: DeliveryConfig): Promise<void> {
  let delivered = 0;
  let ts = 0;
  const deadline = Date.now() + DELIVERY_DEADLINE_MS;
  while (delivered < config.atLeast) {
    if (Date.now() > deadline) throw new Error(`delivered only ${delivered} entries before the deadline`);
    const claimed = await core.outbox.claim({ workerId: config.workerId, limit: 5 });
    if (claimed.length === 0) await sleep(DELIVERY_IDLE_MS);
    for (const { entry, slack: user, message } of claimed) {
      await pace(config);
      const ref = message ?? { channel: user.userId.replace(/^U/, 'D'), ts: `${1_700_000_000 + ++ts}.000100` };
      await core.outbox.markDelivered(entry.id, config.workerId, ref);
      ack('delivered', entry.id);
      delivered++;
    }
  }
}

async function guess(core: Core, config: GuessConfig): Promise<void> {
  const attempt = async (password: string): Promise<string> => {
    try {
      const result = await core.accounts.login({ email: config.email, password });
      return result.status;
    } catch (error) {
      if (isAccountError(error)) return error.code;
      throw error;
    }
  };
  const wrong: string[] = [];
  const queue = [...config.wrong];
  await Promise.all(
    Array.from({ length: config.concurrency }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) wrong.push(await attempt(next));
    }),
  );
  const right = await attempt(config.right);
  process.stdout.write(`${JSON.stringify({ wrong, right })}\n`);
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One transaction on FILE: `{"ok":true}` or the StoreError's code and message, with how long it took. */
async function storeWrite(file: string): Promise<void> {
  const started = performance.now();
  let outcome: Record<string, unknown>;
  try {
    const store = await FileStore.open(file);
    await addProject(store, 'intruder');
    outcome = { ok: true };
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    outcome = { code: error.code, message: error.message };
  }
  process.stdout.write(`${JSON.stringify({ ...outcome, ms: Math.round(performance.now() - started) })}\n`);
}

const [mode, dataDir, json] = process.argv.slice(2);
if (!mode || !dataDir || !json) throw new Error('usage: fault-worker.ts dashboard|slack|delivery|guess|store-write DATA_DIR CONFIG_JSON');
if (mode === 'store-write') {
  await storeWrite(dataDir);
  process.exit(0);
}
const config = JSON.parse(json) as Common;
const clock = new FakeClock(config.start);
const core = await openCore({ dataDir, clock, ...(config.argon2 ? {} : { hasher: fastTestHasher() }), env: {} });
await waitForStart(config);
if (mode === 'dashboard') await dashboard(core, clock, config as DashboardConfig);
else if (mode === 'slack') await slack(core, config as SlackConfig);
else if (mode === 'delivery') await delivery(core, config as DeliveryConfig);
else if (mode === 'guess') await guess(core, config as GuessConfig);
else throw new Error(`unknown mode ${mode}`);
process.stdout.write('done\n');
