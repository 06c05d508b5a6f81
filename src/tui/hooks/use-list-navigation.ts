import { useEffect, useState } from 'react';
import type { Key } from 'ink';

export interface ListNavigation {
  readonly index: number;
  readonly setIndex: (index: number) => void;
  /** Moves the selection for ↑ ↓ PgUp PgDn Home End (and j k); returns true when the key was used. */
  readonly handleKey: (input: string, key: Key) => boolean;
}

/** A selected row in a list of `count` rows; PgUp/PgDn move by `pageSize`. */
export function useListNavigation(count: number, pageSize: number): ListNavigation {
  const [index, setRawIndex] = useState(0);
  const last = Math.max(0, count - 1);
  const clamp = (value: number) => Math.min(Math.max(0, value), last);
  // Live data can shrink the list under the cursor.
  useEffect(() => {
    if (index > last) setRawIndex(last);
  }, [index, last]);

  const handleKey = (input: string, key: Key): boolean => {
    if (count === 0) return false;
    const page = Math.max(1, pageSize);
    let next: number | null = null;
    if (key.upArrow || (input === 'k' && !key.ctrl)) next = index - 1;
    else if (key.downArrow || (input === 'j' && !key.ctrl)) next = index + 1;
    else if (key.pageUp) next = index - page;
    else if (key.pageDown) next = index + page;
    else if (key.home) next = 0;
    else if (key.end) next = last;
    if (next === null) return false;
    setRawIndex(clamp(next));
    return true;
  };

  return { index: Math.min(index, last), setIndex: (value) => setRawIndex(clamp(value)), handleKey };
}
