import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Text } from 'ink';
import type { Core } from '../../src/core/index.ts';
import { Dashboard } from '../../src/tui/index.tsx';
import { List, sameRow } from '../../src/tui/components/List.tsx';
import { makeAccount, testCore } from '../support/core.ts';
import './harness.tsx';

/** What the dashboard draws, and how often: the first frame is complete, a keypress redraws only what changed. */
describe('first frame', () => {
  it('shows the whole sign-in screen, key hints included, in its very first frame and draws nothing more until a key', async () => {
    const { core } = testCore();
    // A store with an account: an empty one adds its "no accounts yet" notice once it was read.
    await makeAccount(core, 'first-frame@example.com');
    let jobsRan!: () => void;
    const reminders = new Promise<void>((resolve) => (jobsRan = resolve));
    // The periodic jobs (reminders, membership ends) start with the dashboard's other mount
    // effects, which hold them: once their first run is done, so is the start-up.
    const watched: Core = {
      ...core,
      periodic: {
        ...core.periodic,
        hold: (holder) => {
          const release = core.periodic.hold(holder);
          // The run the first hold started (runDue joins a run in progress).
          void core.periodic.runDue().finally(jobsRan);
          return release;
        },
      },
    };
    let instance!: ReturnType<typeof render>;
    await act(async () => {
      instance = render(<Dashboard core={watched} pollIntervalMs={600_000} />);
    });
    await act(async () => {
      await reminders;
    });
    // ink-testing-library renders in debug mode: one written frame per render.
    const frames = (instance.stdout as unknown as { frames: string[] }).frames;
    expect(frames).toHaveLength(1);
    expect(frames[0]).toContain('Sign in to Keboola Connection');
    expect(frames[0]).toMatch(/Tab\/↑↓.*next field.*Enter.*sign in.*Ctrl\+C.*quit/);
    await act(async () => {
      instance.unmount();
      instance.cleanup();
    });
  });
});

describe('list rows', () => {
  const ITEMS = Array.from({ length: 40 }, (_, index) => `row ${index}`);

  /** A List of ITEMS, 10 rows high, whose rows record each time they render. */
  function countingList(renders: string[]) {
    function Row({ label }: { readonly label: string }) {
      renders.push(label);
      return <Text>{label}</Text>;
    }
    return (selected: number) => <List items={ITEMS} selected={selected} height={10} focused keyOf={(item) => item} renderRow={(item) => <Row label={item} />} />;
  }

  it('re-renders only the rows the selection left and reached, and the one scrolled into view', async () => {
    const renders: string[] = [];
    const list = countingList(renders);
    let instance!: ReturnType<typeof render>;
    await act(async () => {
      instance = render(list(20));
    });
    expect(renders).toHaveLength(9);
    renders.length = 0;
    await act(async () => instance.rerender(list(21)));
    expect(renders.sort()).toEqual(['row 20', 'row 21', 'row 25']);
    expect(instance.lastFrame()).toContain('❯ row 21');
    expect(instance.lastFrame()).toMatch(/^ {2}row 20$/m);
    await act(async () => instance.unmount());
  });

  it('treats a row element as unchanged only when its type, key and every prop are the same', () => {
    const Row = ({ label }: { readonly label: string; readonly bold?: boolean }) => <Text>{label}</Text>;
    expect(sameRow(<Row label="a" />, <Row label="a" />)).toBe(true);
    expect(sameRow(<Row label="a" />, <Row label="b" />)).toBe(false);
    expect(sameRow(<Row label="a" />, <Row label="a" bold />)).toBe(false);
    expect(sameRow(<Row key="1" label="a" />, <Row key="2" label="a" />)).toBe(false);
    expect(sameRow(<Text>a</Text>, <Text>a</Text>)).toBe(true);
    // Nested text is a new array of children each time: drawn again, never wrongly skipped.
    expect(sameRow(<Text>a{'b'}</Text>, <Text>a{'b'}</Text>)).toBe(false);
    expect(sameRow('text', 'text')).toBe(true);
  });
});
