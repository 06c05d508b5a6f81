import { describe, expect, it } from 'vitest';
import { createPeriodicJobs, type PeriodicJob, type Timers } from '../../../src/core/periodic/scheduler.ts';
import { makeAccount, testCore } from '../../support/core.ts';

/** Timers that fire only when the test says so. */
function fakeTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (run, ms) => {
      pending.set(next, { run, ms });
      return next++;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    pending,
    /** Fires every timer due now (all of them: the test stands for the passing interval). */
    fire() {
      const due = [...pending.values()];
      pending.clear();
      for (const timer of due) timer.run();
    },
  };
}

/** A job that counts its runs and can be made to wait or fail. */
function countingJob(doing = 'counting') {
  let runs = 0;
  let gate: Promise<void> | null = null;
  let failWith: Error | null = null;
  const job: PeriodicJob = {
    doing,
    run: async () => {
      runs++;
      if (gate) await gate;
      if (failWith) throw failWith;
      return runs;
    },
  };
  return {
    job,
    get runs() {
      return runs;
    },
    hold() {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => {
        gate = null;
        open();
      };
    },
    fail(error: Error | null) {
      failWith = error;
    },
  };
}

/** Lets queued promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the periodic jobs scheduler', () => {
  it('runs at the first hold, then every interval while held, with one timer however many hold it', async () => {
    const clock = fakeTimers();
    const counter = countingJob();
    const jobs = createPeriodicJobs([counter.job], { intervalMs: 60_000, timers: clock.timers });
    const errors: unknown[] = [];
    const releaseServer = jobs.hold({ onError: (error) => errors.push(error) });
    const releaseSession = jobs.hold({ onError: (error) => errors.push(error) });
    await settle();
    expect(counter.runs).toBe(1);
    expect([...clock.pending.values()].map((timer) => timer.ms)).toEqual([60_000]);
    clock.fire();
    await settle();
    expect(counter.runs).toBe(2);
    expect(clock.pending.size).toBe(1);
    await releaseSession();
    clock.fire();
    await settle();
    expect(counter.runs).toBe(3);
    await releaseServer();
    expect(clock.pending.size).toBe(0);
    expect(jobs.held).toBe(false);
    // Held again later: runs again at once.
    const again = jobs.hold({ onError: () => undefined });
    await settle();
    expect(counter.runs).toBe(4);
    await again();
    expect(errors).toEqual([]);
  });

  it('runs the other jobs when one fails, and reports the failure once, to the longest holder', async () => {
    const clock = fakeTimers();
    const failing = countingJob('failing');
    const after = countingJob('after');
    failing.fail(new Error('store down'));
    const jobs = createPeriodicJobs([failing.job, after.job], { timers: clock.timers });
    const server: string[] = [];
    const session: string[] = [];
    const release = [jobs.hold({ onError: (error, doing) => server.push(`${doing}: ${(error as Error).message}`) }), jobs.hold({ onError: (_e, doing) => session.push(doing) })];
    await settle();
    expect(after.runs).toBe(1);
    expect(server).toEqual(['failing: store down']);
    expect(session).toEqual([]);
    // It goes on at the next interval.
    failing.fail(null);
    clock.fire();
    await settle();
    expect([failing.runs, after.runs]).toEqual([2, 2]);
    for (const stop of release) await stop();
  });

  it('never runs twice at once in one process: a run asked for during one joins it', async () => {
    const clock = fakeTimers();
    const counter = countingJob();
    const jobs = createPeriodicJobs([counter.job], { timers: clock.timers });
    const open = counter.hold();
    const first = jobs.runDue();
    const second = jobs.runDue();
    const release = jobs.hold({ onError: () => undefined });
    open();
    expect(await first).toBe(await second);
    await settle();
    expect(counter.runs).toBe(1);
    // The hold made during the run still gets its timer.
    expect(clock.pending.size).toBe(1);
    await release();
  });

  it('stop lets everyone go and waits for the run in progress', async () => {
    const clock = fakeTimers();
    const counter = countingJob();
    const jobs = createPeriodicJobs([counter.job], { timers: clock.timers });
    const open = counter.hold();
    jobs.hold({ onError: () => undefined });
    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    open();
    await stopping;
    expect(clock.pending.size).toBe(0);
    expect(jobs.held).toBe(false);
  });
});

describe('the core’s periodic jobs', () => {
  it('send due token and membership reminders and end memberships when a process holds them', async () => {
    const { core, clock } = testCore('2026-01-15T09:00:00.000Z');
    const ann = await makeAccount(core, 'ann@example.com');
    await core.tokens.create(ann, { description: 'CI deploys', expiresInDays: 10 });
    const project = await core.projects.create({ name: 'Sales' });
    await core.projects.addMember({ projectId: project.id, email: 'ann@example.com', membershipDays: 10 });
    clock.advance({ days: 4 });
    const run = await core.periodic.runDue();
    expect(run.results).toEqual([
      { doing: 'sending token expiry reminders', result: 1 },
      { doing: 'sweeping time-boxed memberships', result: { reminded: 1, ended: 0 } },
    ]);
    clock.advance({ days: 7 });
    const release = core.periodic.hold({ onError: (error) => expect.unreachable(String(error)) });
    // Ended and swept (not only hidden, as an ended membership is before the sweep).
    await expect.poll(async () => (await core.projects.get(project.id)).members).toEqual([]);
    await release();
    expect((await core.notifications.listForAccount(ann)).items.map((n) => n.title)).toContain('Your membership of Sales has ended');
  });
});
