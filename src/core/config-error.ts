/**
 * The process cannot run with its configuration (a malformed KBC_ACCOUNT_SECRET_KEY, a damaged
 * key file, a key that does not open the stored secrets). Like StoreError, no user action inside
 * the product fixes it: front ends print the message and stop, without a stack trace.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
