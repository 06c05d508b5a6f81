import { useRef, useState } from 'react';
import type { Key } from 'ink';
import { usePaste } from '../keyboard.tsx';
import { oneLine } from '../safe-text.ts';

export interface FilterInput {
  readonly query: string;
  /** True while the query is being typed (every key goes to it). */
  readonly editing: boolean;
  /**
   * `/` starts typing, Enter or ↓ keeps the query, Esc clears it (also once kept); while typing,
   * every key belongs to the query. Returns true when the key was used, so it acts on nothing else.
   */
  readonly handleKey: (input: string, key: Key) => boolean;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * The `/` filter's typing, shared by every filtered list: the lists filtered in memory
 * (useListNavigation) and the notifications, which the core searches. `onChange` hears every new
 * query (a filter starts at its first match).
 */
export function useFilterInput(onChange?: (query: string) => void): FilterInput {
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState(false);
  // Several keys can arrive before a re-render (fast typing): build on the newest query.
  const latest = useRef(query);
  latest.current = query;

  const change = (next: string) => {
    latest.current = next;
    setQuery(next);
    onChange?.(next);
  };

  usePaste((text) => change(latest.current + oneLine(text)), { isActive: editing });

  const handleKey = (input: string, key: Key): boolean => {
    if (editing) {
      if (key.escape) {
        change('');
        setEditing(false);
      } else if (key.return || key.downArrow) setEditing(false);
      else if (key.backspace || key.delete) change([...latest.current].slice(0, -1).join(''));
      else if (key.ctrl && input === 'u') change('');
      else if (!key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.leftArrow && !key.rightArrow) {
        const text = input.replace(CONTROL, '');
        if (text !== '') change(latest.current + text);
      }
      // While typing, every key belongs to the query: none reaches a shortcut.
      return true;
    }
    if (input === '/' && !key.ctrl && !key.meta) {
      setEditing(true);
      return true;
    }
    if (key.escape && query !== '') {
      change('');
      return true;
    }
    return false;
  };

  return { query, editing, handleKey };
}
