import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** Used when the output stream does not say (a test double without rows). */
export const FALLBACK_SIZE: TerminalSize = { columns: 100, rows: 40 };

const sizeOf = (stdout: NodeJS.WriteStream): TerminalSize => ({
  columns: stdout.columns || FALLBACK_SIZE.columns,
  rows: stdout.rows || FALLBACK_SIZE.rows,
});

/** The terminal's size, updated on every 'resize' of the output stream. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    // Unchanged (the check on mount, a resize back and forth): keep the state, so nothing re-renders.
    const onResize = () => {
      const next = sizeOf(stdout);
      setSize((current) => (current.columns === next.columns && current.rows === next.rows ? current : next));
    };
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
