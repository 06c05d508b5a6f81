import { LogLevel, type Logger } from '@slack/bolt';
import { isAccountError, TOKEN_PREFIX } from '../core/index.ts';
import { field } from './payload.ts';

/**
 * A loggable description of an error: for a Slack Web API error its code (`user_not_found`), for
 * a core error its code, otherwise its name, message and stack. Never a request body, a view or a
 * token: those may hold secrets.
 */
export function describeError(error: unknown): string {
  if (isAccountError(error)) return `${error.code}: ${error.message}`;
  const slackCode = field(error, 'data', 'error');
  const code = field(error, 'code');
  if (typeof code === 'string' && code.startsWith('slack_')) {
    return typeof slackCode === 'string' ? `${code} (${slackCode})` : code;
  }
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Logs an unexpected failure of `what` (a listener, a delivery) without secrets. */
export function logFailure(logger: Logger, what: string, error: unknown): void {
  logger.error(`kbc-account slack: ${what} failed: ${describeError(error)}`);
}

/**
 * Debug lines of Slack's SDKs that carry a whole request or response: a view with a new token, a
 * slash command with a link code, a form with a TOTP code. They are logged without the payload.
 */
const PAYLOAD_LINE_PREFIXES = [
  'http request body:',
  'http request result:',
  'Received a message on the WebSocket:',
  'Unable to parse an incoming WebSocket message',
  'Calling ack()',
] as const;

/** Anything shaped like a Management API token (defence in depth: tokens have a fixed prefix). */
const TOKEN_PATTERN = new RegExp(`${TOKEN_PREFIX}[A-Za-z0-9]{8,}`, 'g');

/** A log argument with payloads and token-like strings removed. */
function scrub(arg: unknown): unknown {
  if (typeof arg !== 'string') return arg;
  const prefix = PAYLOAD_LINE_PREFIXES.find((start) => arg.startsWith(start));
  if (prefix) return `${prefix} [payload not logged: it may hold a token or a code]`;
  return arg.replace(TOKEN_PATTERN, `${TOKEN_PREFIX}[redacted]`);
}

/**
 * Wraps the logger Bolt shares with its Web API clients and the Socket Mode client: at debug level
 * those log whole request bodies and responses, and ours carry secrets shown once.
 */
export function secretSafeLogger(inner: Logger): Logger {
  return {
    debug: (...args: unknown[]) => inner.debug(...args.map(scrub)),
    info: (...args: unknown[]) => inner.info(...args.map(scrub)),
    warn: (...args: unknown[]) => inner.warn(...args.map(scrub)),
    error: (...args: unknown[]) => inner.error(...args.map(scrub)),
    setLevel: (level: LogLevel) => inner.setLevel(level),
    getLevel: () => inner.getLevel(),
    setName: (name: string) => inner.setName(name),
  };
}

const LEVEL_ORDER: readonly LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** A console logger like Bolt's default (which Bolt does not export), for `secretSafeLogger` to wrap. */
export function consoleLogger(): Logger {
  let level: LogLevel = LogLevel.INFO;
  let name = 'kbc-account slack';
  const at = (lineLevel: LogLevel, write: (...args: unknown[]) => void) => (...args: unknown[]) => {
    if (LEVEL_ORDER.indexOf(lineLevel) >= LEVEL_ORDER.indexOf(level)) write(`[${lineLevel.toUpperCase()}] ${name}`, ...args);
  };
  return {
    debug: at(LogLevel.DEBUG, console.debug),
    info: at(LogLevel.INFO, console.info),
    warn: at(LogLevel.WARN, console.warn),
    error: at(LogLevel.ERROR, console.error),
    setLevel: (next) => (level = next),
    getLevel: () => level,
    setName: (next) => (name = next),
  };
}
