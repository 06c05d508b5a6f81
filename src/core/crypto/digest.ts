import { hash, timingSafeEqual } from 'node:crypto';

/**
 * sha256 hex of a high-entropy secret (tokens, recovery and link codes): a lookup key and verifier.
 * The one-shot `hash` (Node 20.12) is a quarter of createHash's cost, which is felt on every API call.
 */
export function sha256(value: string): string {
  return hash('sha256', value, 'hex');
}

/** Compares two strings without leaking where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
