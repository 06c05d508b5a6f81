import { describe, expect, it } from 'vitest';
import { defineIndex } from '../../../src/core/store/changes.ts';
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
