import pg from 'pg';

/**
 * Runs `work` while recording the text of every query any pg client sends (pools go through
 * pg.Client too), each with the `label()` at the moment it was sent: the round trips a path costs.
 */
export async function recordQueries<T>(work: () => Promise<T>, label: () => string = () => ''): Promise<{ result: T; sent: { label: string; sql: string }[] }> {
  const sent: { label: string; sql: string }[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function recorded(this: pg.Client, ...args: unknown[]) {
    sent.push({ label: label(), sql: typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: unknown }).text) });
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    return { result: await work(), sent };
  } finally {
    pg.Client.prototype.query = query;
  }
}
