/**
 * A store that cannot be used safely: the process must stop and say which file and why. Distinct
 * from AccountError because no user action fixes it.
 */
export type StoreErrorCode =
  | 'STORE_UNREADABLE'
  | 'STORE_NOT_JSON'
  | 'STORE_FOREIGN'
  | 'STORE_SCHEMA_INVALID'
  /** The store file's bytes do not match the checksum written with them. */
  | 'STORE_CHECKSUM_INVALID'
  | 'STORE_TOO_NEW'
  | 'STORE_WRITE_FAILED'
  | 'STORE_LOCK_FAILED'
  | 'STORE_JOURNAL_INVALID'
  /** A unique index key taken by another entry: a service wrote without checking, or lost a race every retry. */
  | 'STORE_CONFLICT'
  /** The database cannot be reached, or its schema is not the one this program understands. */
  | 'STORE_UNAVAILABLE'
  | 'STORE_SCHEMA_MISMATCH';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
