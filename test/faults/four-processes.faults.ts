import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, fastTestHasher, openCore, STORE_FILE, type Core } from '../../src/core/index.ts';
import type { Document } from '../../src/core/store/schema.ts';
import { PASSWORD, tempDataDir } from '../support/core.ts';
import { runCliPool, startFaultWorker, type CliJob, type FaultWorker } from './support/processes.ts';
import { recordCounts } from './support/summary.ts';
import { isLockHeld, storedDocument } from '../core/store/support.ts';

/**
 * Four processes change one data directory at once, each through the services its front end uses:
 *   1. the operator CLI: real `kbc-account admin notify` / `admin usage` subprocesses, one change
 *      each, CLI_PARALLEL of them running at a time (a CLI start costs ~1.5 s of CPU here);
 *   2. a dashboard-side core: notifications.markRead, tokens.create/delete, MFA enrol/enable/disable;
 *   3. a Slack-side core: invitations accept/decline, Slack link codes and links;
 *   4. the Slack delivery worker's core: outbox claim + markDelivered.
 * Afterwards every acknowledged change must be in the file, and the file must parse.
 */
const CLI_CHANGES = 100;
const CLI_PARALLEL = 3;
const NOTIFICATIONS_TO_READ = 45;
const TOKENS = 45;
const DELETE_EVERY_NTH_TOKEN = 4;
const MFA_CYCLES = 5;
const INVITATIONS_ACCEPTED = 35;
const INVITATIONS_DECLINED = 35;
const ACCOUNTS_LINKED = 16;
const DELIVERIES = 100;
/** Spreads the cores' changes over the CLI's run (which takes the longest). */
const PACE_MS = 250;
const TEAM = 'T0FAULTS';
const T0 = '2026-03-02T09:00:00.000Z';

interface Seed {
  readonly dashboard: string;
  readonly slackAccount: string;
  readonly usageProject: string;
  readonly notificationIds: string[];
  readonly invitationIds: string[];
  readonly linkTargets: { accountId: string; userId: string }[];
}

async function seed(core: Core): Promise<Seed> {
  const dashboard = (await core.accounts.create({ email: 'dash@example.com', password: PASSWORD })).id;
  const slackAccount = (await core.accounts.create({ email: 'slack@example.com', password: PASSWORD })).id;
  await core.accounts.create({ email: 'cli@example.com', password: PASSWORD });
  // Linked first, so every invitation below also queues a DM for the delivery worker.
  const { code } = await core.slackLink.createLinkCode(slackAccount);
  await core.slackLink.link({ code, teamId: TEAM, userId: 'U0SLACK' });
  const usageProject = (await core.projects.create({ name: 'Usage' })).id;
  const notificationIds: string[] = [];
  for (let i = 0; i < NOTIFICATIONS_TO_READ; i++) {
    const { notification } = await core.notifications.publish({
      kind: 'announcement',
      title: `For the dashboard ${i}`,
      message: 'Read me.',
      link: null,
      expiresAt: null,
      audience: { type: 'accounts', emails: ['dash@example.com'] },
    });
    notificationIds.push(notification.id);
  }
  const invitationIds: string[] = [];
  for (let i = 0; i < INVITATIONS_ACCEPTED + INVITATIONS_DECLINED; i++) {
    const project = await core.projects.create({ name: `Invited ${i}` });
    invitationIds.push((await core.invitations.create({ projectId: project.id, email: 'slack@example.com' })).id);
  }
  const linkTargets: { accountId: string; userId: string }[] = [];
  for (let i = 0; i < ACCOUNTS_LINKED; i++) {
    const accountId = (await core.accounts.create({ email: `link${i}@example.com`, password: PASSWORD })).id;
    linkTargets.push({ accountId, userId: `U0LINK${i}` });
  }
  return { dashboard, slackAccount, usageProject, notificationIds, invitationIds, linkTargets };
}

function cliJobs(dataDir: string, usageProject: string): CliJob[] {
  return Array.from({ length: CLI_CHANGES }, (_, i) => ({
    args:
      i % 2 === 0
        ? ['--data', dataDir, 'admin', 'notify', '--title', `cli ${i}`, '--message', 'From the operator.', '--account', 'cli@example.com', '--json']
        : ['--data', dataDir, 'admin', 'usage', '--project', usageProject, '--metric', `metric_${i}`, '--value', String(i), '--json'],
  }));
}

/** Whether an acknowledged change is in the final document. */
async function present(kind: string, id: string, doc: Document, core: Core, s: Seed, deletedTokens: Set<string>): Promise<boolean> {
  switch (kind) {
    case 'read':
      return (await core.notifications.getForAccount(s.dashboard, id)).read;
    case 'token-created':
      return deletedTokens.has(id) ? doc.tokens[id] === undefined : doc.tokens[id]?.accountId === s.dashboard;
    case 'token-deleted':
      return doc.tokens[id] === undefined;
    case 'mfa-enrolling':
    case 'mfa-enabled':
    case 'mfa-disabled': {
      // Cycle N (one process, in order) left its N-th mfa.enabled / mfa.disabled event; the
      // enrolment of a cycle was consumed by its activation.
      const type = kind === 'mfa-disabled' ? 'mfa.disabled' : 'mfa.enabled';
      return (doc.securityEvents[s.dashboard] ?? []).filter((e) => e.type === type).length > Number(id);
    }
    case 'accepted':
      return doc.invitations[id]?.status === 'accepted' && s.slackAccount in (doc.projects[doc.invitations[id]!.projectId]?.members ?? {});
    case 'declined':
      return doc.invitations[id]?.status === 'declined';
    case 'link-code':
      return (doc.securityEvents[id] ?? []).some((e) => e.type === 'slack.link_code_created');
    case 'linked':
      return doc.slackLinks[id]?.teamId === TEAM;
    case 'delivered':
      return doc.outbox[id]?.status === 'delivered';
    case 'notify':
      return doc.notifications[id]?.title !== undefined;
    case 'usage':
      return doc.projects[s.usageProject]?.usage[id] !== undefined;
    default:
      throw new Error(`unknown change kind ${kind}`);
  }
}

describe('four processes changing one data directory at once', () => {
  it('keeps every acknowledged change of the CLI, a dashboard core, a Slack core and the delivery worker, and a valid file', async () => {
    const dataDir = await tempDataDir();
    const file = join(dataDir, STORE_FILE);
    const core = await openCore({ dataDir, clock: new FakeClock(T0), hasher: fastTestHasher(), env: {} });
    const s = await seed(core);
    const startFile = join(dataDir, 'go');
    const common = { start: T0, startFile, paceMs: PACE_MS };
    const accepted = s.invitationIds.slice(0, INVITATIONS_ACCEPTED);
    const declined = s.invitationIds.slice(INVITATIONS_ACCEPTED);
    const workers: Record<string, FaultWorker> = {
      dashboard: startFaultWorker('dashboard', dataDir, {
        ...common,
        accountId: s.dashboard,
        notificationIds: s.notificationIds,
        tokens: TOKENS,
        deleteEvery: DELETE_EVERY_NTH_TOKEN,
        mfaCycles: MFA_CYCLES,
      }),
      slack: startFaultWorker('slack', dataDir, { ...common, accountId: s.slackAccount, accept: accepted, decline: declined, link: s.linkTargets, teamId: TEAM }),
      // An hour ahead, so everything the others queue is due for it.
      delivery: startFaultWorker('delivery', dataDir, { ...common, start: '2026-03-02T10:00:00.000Z', workerId: 'faults-delivery', atLeast: DELIVERIES }),
    };
    await Promise.all(Object.values(workers).map((worker) => worker.ready));
    await writeFile(startFile, '');
    const started = performance.now();
    const [cli, ...exits] = await Promise.all([runCliPool(cliJobs(dataDir, s.usageProject), CLI_PARALLEL), ...Object.values(workers).map((w) => w.exited)]);
    const seconds = (performance.now() - started) / 1000;

    Object.values(workers).forEach((worker, n) => expect(exits[n], worker.stderr()).toEqual({ code: 0, signal: null }));
    const cliAcks: [string, string][] = cli.map((result, i) => {
      expect(result.code, result.stderr).toBe(0);
      const out = JSON.parse(result.stdout) as { notification?: { id: string }; metric?: string };
      return i % 2 === 0 ? ['notify', out.notification!.id] : ['usage', out.metric!];
    });

    // The files load (JSON, a kbc-account store and journal, the schema) and no lock or temp file is left.
    const doc = await storedDocument(file);
    expect(await isLockHeld(file)).toBe(false);
    expect((await readdir(dataDir)).sort()).toEqual(['go', 'kbc-account.json', 'kbc-account.json.journal', 'secret.key']);

    const acks = { cli: cliAcks, dashboard: workers.dashboard!.acks(), slack: workers.slack!.acks(), delivery: workers.delivery!.acks() };
    const deletedTokens = new Set(acks.dashboard.filter(([kind]) => kind === 'token-deleted').map(([, id]) => id));
    const reopened = await openCore({ dataDir, clock: new FakeClock('2026-03-02T11:00:00.000Z'), hasher: fastTestHasher(), env: {} });
    const counts: Record<string, number | string> = {};
    let attempted = 0;
    let presentTotal = 0;
    for (const [name, list] of Object.entries(acks)) {
      const missing: string[] = [];
      for (const [kind, id] of list) if (!(await present(kind, id, doc, reopened, s, deletedTokens))) missing.push(`${kind} ${id}`);
      expect(missing, `${name}: acknowledged but missing`).toEqual([]);
      expect(list.length, `${name} made too few changes`).toBeGreaterThanOrEqual(100);
      counts[name] = `${list.length - missing.length}/${list.length}`;
      attempted += list.length;
      presentTotal += list.length - missing.length;
    }
    // The exact totals the seed implies, so a worker that skipped work cannot pass.
    expect(acks.dashboard).toHaveLength(NOTIFICATIONS_TO_READ + TOKENS + Math.floor(TOKENS / DELETE_EVERY_NTH_TOKEN) + 3 * MFA_CYCLES);
    expect(acks.slack).toHaveLength(INVITATIONS_ACCEPTED + INVITATIONS_DECLINED + 2 * ACCOUNTS_LINKED);
    expect(Object.values(doc.tokens).filter((token) => token.accountId === s.dashboard)).toHaveLength(TOKENS - deletedTokens.size);
    expect(Object.keys(doc.projects[s.usageProject]!.usage)).toHaveLength(CLI_CHANGES / 2);

    recordCounts('4 processes on one data dir', { ...counts, 'changes present/attempted': `${presentTotal}/${attempted}`, seconds: seconds.toFixed(0) });
  }, 300_000);
});
