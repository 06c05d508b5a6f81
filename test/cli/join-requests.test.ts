import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { runCli } from '../support/cli.ts';
import { fileCore, makeAccount } from '../support/core.ts';

/** Runs `kbc-account ARGS` in this process (the commands end at once), capturing its output. */
async function inProcess(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, stdin: new PassThrough(), env: {} });
  return { code, stdout: out, stderr: err };
}

/** Sales (Boss administers it) and Finance; Ann and Eve asked to join Sales, Eve also Finance. Written on the real clock, as the CLI reads it. */
async function seeded() {
  const { core, clock, dataDir } = await fileCore(new Date().toISOString());
  const annId = await makeAccount(core, 'ann@example.com');
  const eveId = await makeAccount(core, 'eve@example.com');
  await makeAccount(core, 'boss@example.com');
  const sales = await core.projects.create({ name: 'Sales' });
  const finance = await core.projects.create({ name: 'Finance' });
  await core.projects.addMember({ projectId: sales.id, email: 'boss@example.com', role: 'admin' });
  const ann = await core.joinRequests.request(annId, { projectId: sales.id, reason: 'Q4 numbers', membershipDays: 14 });
  clock.advance({ seconds: 1 });
  const eveFinance = await core.joinRequests.request(eveId, { projectId: finance.id });
  clock.advance({ seconds: 1 });
  const eveSales = await core.joinRequests.request(eveId, { projectId: sales.id, membershipSeconds: 3600 });
  const admin = (...args: string[]) => inProcess(['--data', dataDir, 'admin', 'join-requests', ...args]);
  return { core, dataDir, annId, eveId, sales, finance, ann, eveFinance, eveSales, admin };
}

const errorOf = (stderr: string): { code: string } => (JSON.parse(stderr) as { error: { code: string } }).error;

describe('kbc-account admin join-requests', () => {
  it('lists the pending requests, all or one project’s, as a table or JSON', async () => {
    const { admin, sales, ann, eveFinance, eveSales } = await seeded();
    const all = await admin('list');
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^ID\s+#\s+EMAIL\s+PROJECT\s+MEMBERSHIP/);
    expect(all.stdout).toContain('14 days');
    expect(all.stdout).toContain('1 hour');
    const json = JSON.parse((await admin('list', '--json')).stdout) as { items: { id: string }[]; next: string | null };
    expect(json.items.map((r) => r.id)).toEqual([ann.id, eveFinance.id, eveSales.id]);
    const one = JSON.parse((await admin('list', '--project', sales.id, '--json')).stdout) as { items: { id: string }[] };
    expect(one.items.map((r) => r.id)).toEqual([ann.id, eveSales.id]);
    const paged = JSON.parse((await admin('list', '--limit', '1', '--json')).stdout) as { items: { id: string }[]; next: string };
    expect(paged.items.map((r) => r.id)).toEqual([ann.id]);
    expect(JSON.parse((await admin('list', '--limit', '5', '--after', paged.next, '--json')).stdout).items).toHaveLength(2);
    const missing = await admin('list', '--project', 'constructor', '--json');
    expect([missing.code, errorOf(missing.stderr).code]).toEqual([1, 'PROJECT_NOT_FOUND']);
  });

  it('approves with a role (by id or #number), rejects with a reason, and refuses what cannot be done', async () => {
    const { admin, core, annId, eveId, sales, ann, eveFinance, eveSales } = await seeded();
    const badRole = await admin('approve', ann.id, '--role', 'owner', '--json');
    expect([badRole.code, errorOf(badRole.stderr).code]).toEqual([1, 'INVALID_ROLE']);

    const approved = await admin('approve', ann.id, '--role', 'readOnly');
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('Approved: ann@example.com is a member of Sales as readOnly.');
    expect(approved.stdout).toContain('membership: for 14 days from the approval');
    expect((await core.projects.getForAccount(annId, sales.id)).membership.role).toBe('readOnly');
    expect((await core.joinRequests.get(annId, ann.id)).answeredBy).toBe('Keboola operator');

    const byNumber = await admin('approve', `#${eveSales.numericId}`, '--json');
    expect(byNumber.code, byNumber.stderr).toBe(0);
    expect(JSON.parse(byNumber.stdout)).toMatchObject({ id: eveSales.id, status: 'approved', approvedRole: 'guest', membershipSeconds: 3600 });

    const rejected = await admin('reject', eveFinance.id, '--reason', 'Finance is closed to guests');
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(rejected.stdout).toContain('rejected because: Finance is closed to guests');
    const told = (await core.notifications.listForAccount(eveId)).items.find((n) => n.title === 'Your request to join Finance was rejected');
    expect(told?.message).toContain('"Finance is closed to guests"');

    const again = await admin('reject', ann.id, '--json');
    expect([again.code, errorOf(again.stderr).code]).toEqual([1, 'JOIN_REQUEST_ALREADY_ANSWERED']);
    for (const id of ['constructor', '#999', 'jrq_\u001b[31mred']) {
      const unknown = await admin('approve', id, '--json');
      expect([unknown.code, errorOf(unknown.stderr).code]).toEqual([1, 'JOIN_REQUEST_NOT_FOUND']);
    }
    const badReason = await admin('reject', ann.id, '--reason', 'x'.repeat(501), '--json');
    expect(errorOf(badReason.stderr).code).toBe('INVALID_INPUT');
    const missingId = await admin('approve');
    expect(missingId.code).toBe(2);
  });

  it('runs as real processes: an approval and a rejection at once, each applied once', { timeout: 60_000 }, async () => {
    const { core, dataDir, annId, sales, ann, eveFinance, eveSales } = await seeded();
    const cli = (...args: string[]) => runCli(['--data', dataDir, 'admin', 'join-requests', ...args]);
    const [approved, rejected] = await Promise.all([cli('approve', ann.id, '--role', 'admin'), cli('reject', eveFinance.id, '--reason', 'no')]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(approved.stdout).toContain('as admin');
    expect((await core.projects.getForAccount(annId, sales.id)).membership.role).toBe('admin');
    expect((await core.joinRequests.listPending()).items.map((r) => r.id)).toEqual([eveSales.id]);
  });
});
