import { describe, expect, it } from 'vitest';
import { defineIndex, peekValues } from '../../../src/core/store/changes.ts';
import { MemoryStore } from '../../../src/core/store/memory-store.ts';
import { projectRecord } from './support.ts';

const projectsByName = defineIndex('projects', (project) => project.name);

describe('a secondary index (defineIndex)', () => {
  it('finds entries in a snapshot and follows every later change without a rebuild', async () => {
    const store = new MemoryStore();
    await store.transact((doc) => {
      doc.projects.p1 = projectRecord('p1', 'Alpha');
      doc.projects.p2 = projectRecord('p2', 'Beta');
    });
    expect(projectsByName((await store.read()).projects, 'Alpha')).toEqual(['p1']);

    await store.transact((doc) => {
      doc.projects.p1!.name = 'Gamma';
      doc.projects.p3 = projectRecord('p3', 'Alpha');
      delete doc.projects.p2;
    });
    const snapshot = await store.read();
    expect(projectsByName(snapshot.projects, 'Alpha')).toEqual(['p3']);
    expect(projectsByName(snapshot.projects, 'Gamma')).toEqual(['p1']);
    expect(projectsByName(snapshot.projects, 'Beta')).toEqual([]);
  });

  it('inside a transaction, sees what the transaction itself added, renamed and deleted', async () => {
    const store = new MemoryStore();
    await store.transact((doc) => {
      doc.projects.p1 = projectRecord('p1', 'Alpha');
      doc.projects.p2 = projectRecord('p2', 'Beta');
    });
    const seen = await store.transact((doc) => {
      doc.projects.p3 = projectRecord('p3', 'Alpha');
      doc.projects.p1!.name = 'Renamed';
      delete doc.projects.p2;
      return {
        alpha: projectsByName(doc.projects, 'Alpha'),
        renamed: projectsByName(doc.projects, 'Renamed'),
        beta: projectsByName(doc.projects, 'Beta'),
      };
    });
    expect(seen).toEqual({ alpha: ['p3'], renamed: ['p1'], beta: [] });
  });

  it('gives every id that shares a key', async () => {
    const store = new MemoryStore();
    await store.transact((doc) => {
      doc.projects.p1 = projectRecord('p1', 'Same');
      doc.projects.p2 = projectRecord('p2', 'Same');
    });
    expect(projectsByName((await store.read()).projects, 'Same').sort()).toEqual(['p1', 'p2']);
  });
});

describe('scanning a collection inside a transaction', () => {
  it('finds entries with peekValues, changes a few through the draft, and only those are written', async () => {
    const store = new MemoryStore();
    await store.transact((doc) => {
      for (let i = 0; i < 5; i++) doc.projects[`p${i}`] = projectRecord(`p${i}`, i % 2 === 0 ? 'Even' : 'Odd');
    });
    const before = await store.read();
    const untouched = before.projects.p0;
    await store.transact((doc) => {
      expect(Object.keys(doc.projects)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
      for (const project of peekValues(doc.projects)) if (project.name === 'Odd') doc.projects[project.id]!.name = 'Renamed';
      // What the change did is visible to a later scan in the same transaction.
      expect(peekValues(doc.projects).map((project) => project.name)).toEqual(['Even', 'Renamed', 'Even', 'Renamed', 'Even']);
    });
    const after = await store.read();
    expect(after.projects.p0).toBe(untouched);
    expect(Object.values(after.projects).map((project) => project.name)).toEqual(['Even', 'Renamed', 'Even', 'Renamed', 'Even']);
  });
});

describe('an index over a collection the store does not own', () => {
  it('scans a collection a transaction replaced whole, so later writes to it are found', async () => {
    const store = new MemoryStore();
    const found = await store.transact((doc) => {
      doc.projects = { p1: projectRecord('p1', 'Alpha') };
      const before = projectsByName(doc.projects, 'Beta');
      doc.projects.p2 = projectRecord('p2', 'Beta');
      return { before, after: projectsByName(doc.projects, 'Beta') };
    });
    expect(found).toEqual({ before: [], after: ['p2'] });
  });
});
