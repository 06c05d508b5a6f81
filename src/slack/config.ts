/** The HTTP path Slack posts commands, interactivity and events to (the manifest's request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';
/** The HTTP port when `PORT` is not set. */
export const DEFAULT_PORT = 3000;

/** How the Slack process is configured: read from the environment by `readSlackConfig`. */
export interface SlackConfig {
  /** `SLACK_BOT_TOKEN`: the Bot User OAuth Token (`xoxb-…`). */
  readonly botToken: string;
  /** `SLACK_SIGNING_SECRET`: verifies that requests come from Slack. */
  readonly signingSecret: string;
  /** `SLACK_APP_TOKEN` (`xapp-…`): when set, Socket Mode instead of HTTP. */
  readonly appToken: string | null;
  /** `PORT`: where the HTTP receiver listens. @default 3000 */
  readonly port: number;
  /** `SLACK_API_URL`: the Web API base URL (ends with `/`), null for Slack's own. */
  readonly apiUrl: string | null;
  /**
   * `KBC_SLACK_TOKEN_REQUIRES_MFA`: creating an access token from Slack needs an account with MFA
   * (a TOTP code proves it is the account holder, not whoever holds the Slack session). @default true
   */
  readonly tokenRequiresMfa: boolean;
  /**
   * `KBC_PROJECT_BASE_URL`: where projects live in the platform's UI (e.g.
   * `https://connection.keboola.com/admin/projects/`); a project's link is this plus its numeric
   * id. Null (or absent): project names are shown without links.
   */
  readonly projectBaseUrl?: string | null;
}

/** The Slack app cannot start with this environment; the message names the variable. */
export class SlackConfigError extends Error {
  override readonly name = 'SlackConfigError';
}

const REQUIRED = {
  SLACK_BOT_TOKEN: 'the Bot User OAuth Token (xoxb-…) from the app\'s "OAuth & Permissions" page',
  SLACK_SIGNING_SECRET: 'the Signing Secret from the app\'s "Basic Information" page',
} as const;

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off']);

function present(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function readPort(raw: string | null): number {
  if (raw === null) return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port > 65_535) {
    throw new SlackConfigError(`PORT must be a whole number from 0 to 65535; got "${raw}".`);
  }
  return port;
}

function readApiUrl(raw: string | null): string | null {
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SlackConfigError(`SLACK_API_URL must be an http(s) URL such as https://slack.com/api/; got "${raw}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SlackConfigError(`SLACK_API_URL must be an http(s) URL; got "${raw}".`);
  }
  // The Web API client appends the method name: `…/api/` + `chat.postMessage`.
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function readProjectBaseUrl(raw: string | null): string | null {
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SlackConfigError(`KBC_PROJECT_BASE_URL must be an https URL such as https://connection.keboola.com/admin/projects/; got "${raw}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SlackConfigError(`KBC_PROJECT_BASE_URL must be an http(s) URL; got "${raw}".`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function readFlag(name: string, raw: string | null, fallback: boolean): boolean {
  if (raw === null) return fallback;
  const word = raw.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new SlackConfigError(`${name} must be true or false; got "${raw}".`);
}

/**
 * Reads the Slack app's configuration. Throws SlackConfigError naming every missing required
 * variable (and what to put in it) or the malformed one.
 */
export function readSlackConfig(env: NodeJS.ProcessEnv = process.env): SlackConfig {
  const missing = (Object.keys(REQUIRED) as (keyof typeof REQUIRED)[]).filter((name) => present(env, name) === null);
  if (missing.length > 0) {
    const lines = missing.map((name) => `  ${name}: ${REQUIRED[name]}`);
    throw new SlackConfigError(
      `The Slack app needs ${missing.join(' and ')} in the environment:\n${lines.join('\n')}\n` +
        'See "The Slack app" in the README for how to create the app from slack/manifest.json.',
    );
  }
  return {
    botToken: present(env, 'SLACK_BOT_TOKEN')!,
    signingSecret: present(env, 'SLACK_SIGNING_SECRET')!,
    appToken: present(env, 'SLACK_APP_TOKEN'),
    port: readPort(present(env, 'PORT')),
    apiUrl: readApiUrl(present(env, 'SLACK_API_URL')),
    tokenRequiresMfa: readFlag('KBC_SLACK_TOKEN_REQUIRES_MFA', present(env, 'KBC_SLACK_TOKEN_REQUIRES_MFA'), true),
    projectBaseUrl: readProjectBaseUrl(present(env, 'KBC_PROJECT_BASE_URL')),
  };
}
