/**
 * Awaits independent reads started at once (on PostgreSQL each is a round trip of its own, so
 * together they cost one) and fails as reading them one by one would: with the first failure in
 * argument order, not whichever happened to fail first, so errors stay deterministic.
 */
export async function atOnce<T extends readonly unknown[]>(reads: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(reads);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
