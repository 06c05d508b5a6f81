import { randomBytes } from 'node:crypto';
import type { Core } from '../core/index.ts';

/** The demo login, shown on the login screen of `npm start`. It guards nothing but demo data. */
export const DEMO_EMAIL = 'demo@keboola.example';
export const DEMO_PASSWORD = 'keboola-demo-2026';
const COLLEAGUE_EMAIL = 'colleague@keboola.example';
/** The demo token's lifetime, so its expiry shows in the token list. */
const DEMO_TOKEN_DAYS = 3;

export interface DemoSeed {
  readonly email: string;
  readonly password: string;
  /** False when the demo account already existed and nothing was added. */
  readonly created: boolean;
}

/**
 * Fills a data directory with demo data through the core's services, the way the operator CLI
 * would: the demo account and a colleague, two projects the demo account administers (one over
 * its storage limit, which notifies its members), pending invitations to a third project and to
 * a project that requires MFA, a colleague's request to join one of the demo account's projects,
 * notifications (a deprecation and a migration reminder besides the limit notice), a promo
 * code to redeem and a token that expires in three days. Does nothing when the demo account
 * exists already, so a second `npm start` reuses what the first one made and changed.
 */
export async function seedDemo(core: Core): Promise<DemoSeed> {
  if (await core.accounts.findByEmail(DEMO_EMAIL)) return { email: DEMO_EMAIL, password: DEMO_PASSWORD, created: false };

  const demo = await core.accounts.create({ email: DEMO_EMAIL, name: 'Demo User', password: DEMO_PASSWORD });
  // Nobody logs in as the colleague; a random password keeps the account closed.
  const colleague = await core.accounts.create({ email: COLLEAGUE_EMAIL, name: 'Alex Colleague', password: randomBytes(18).toString('base64url') });

  const marketing = await core.projects.create({ name: 'Marketing Analytics', limits: { storage_gb: 10, users: 5, jobs_per_day: 500 } });
  const sales = await core.projects.create({ name: 'Sales Pipeline', limits: { storage_gb: 50, users: 10 } });
  const sandbox = await core.projects.create({ name: 'Data Science Sandbox', limits: { storage_gb: 20, users: 3 } });
  await core.projects.addMember({ projectId: marketing.id, email: DEMO_EMAIL, role: 'admin' });
  await core.projects.addMember({ projectId: sales.id, email: DEMO_EMAIL, role: 'admin' });
  await core.projects.addMember({ projectId: marketing.id, email: COLLEAGUE_EMAIL, role: 'guest' });
  await core.projects.addMember({ projectId: sandbox.id, email: COLLEAGUE_EMAIL, role: 'admin' });

  await core.projects.recordUsage({ projectId: sales.id, metric: 'storage_gb', value: 21.5 });
  await core.projects.recordUsage({ projectId: sales.id, metric: 'users', value: 4 });
  await core.projects.recordUsage({ projectId: marketing.id, metric: 'users', value: 2 });
  await core.projects.recordUsage({ projectId: marketing.id, metric: 'jobs_per_day', value: 310 });
  // Over the limit: the core notifies the project's members (the limit notice).
  await core.projects.recordUsage({ projectId: marketing.id, metric: 'storage_gb', value: 12.4 });

  await core.invitations.create({
    projectId: sandbox.id,
    email: DEMO_EMAIL,
    role: 'guest',
    reason: 'Could you review the churn model before Friday?',
    invitedBy: { accountId: colleague.id },
  });
  // Issue 16 in the demo: an invitation to a project that requires MFA (the guided accept), for a
  // 30-day membership, and a colleague's request to join a project the demo account administers.
  const finance = await core.projects.create({ name: 'Finance Reporting', limits: { storage_gb: 5 } });
  await core.projects.requireMfa({ projectId: finance.id });
  await core.invitations.create({ projectId: finance.id, email: DEMO_EMAIL, role: 'readOnly', reason: 'Quarter-end close, read-only', membershipExpiresInDays: 30 });
  await core.joinRequests.request(colleague.id, { projectId: sales.id, reason: 'I help with the Q4 pipeline review', membershipDays: 14 });

  await core.notifications.publish({
    kind: 'deprecation',
    title: 'Legacy Python 3.8 transformations are deprecated',
    message: 'Python 3.8 transformations stop running on 30 June. Switch them to Python 3.12 in the transformation settings.',
    link: 'https://status.keboola.com/',
    audience: { type: 'all' },
  });
  await core.notifications.publish({
    kind: 'migration',
    title: 'Reminder: migrate Sales Pipeline to the new storage backend',
    message: 'The old storage backend is switched off at the end of next month. The migration takes about an hour and can be started from the project settings.',
    audience: { type: 'project', projectId: sales.id },
  });

  await core.promo.create({
    code: 'HACKATHON2026',
    description: 'A 30-day project for the spring hackathon',
    maxUses: 100,
    project: { namePrefix: 'Hackathon: ', limits: { storage_gb: 5, users: 3 }, expiresInDays: 30 },
  });

  await core.tokens.create(demo.id, { description: 'CI deploy pipeline', expiresInDays: DEMO_TOKEN_DAYS });

  return { email: DEMO_EMAIL, password: DEMO_PASSWORD, created: true };
}
