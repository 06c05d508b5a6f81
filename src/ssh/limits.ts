import { ConfigError, SESSION_IDLE_MINUTES } from '../core/index.ts';

/** How many sessions the server runs, and for how long. */
export interface SshLimits {
  /** Connections open at once, in all. @default 100 */
  readonly maxSessions: number;
  /** Connections open at once from one source address. @default 10 */
  readonly maxSessionsPerAddress: number;
  /** Failed sign-in steps (password or code) one connection may make before it is closed. @default 3 */
  readonly maxSignInAttempts: number;
  /** A connection without a keypress for this long is closed: the core's session idle timeout, in ms. */
  readonly idleMs: number;
  /** From connect to a running dashboard (key exchange, a pty and a shell), in ms. @default 30000 */
  readonly startMs: number;
}

export const DEFAULT_LIMITS: SshLimits = {
  maxSessions: 100,
  maxSessionsPerAddress: 10,
  maxSignInAttempts: 3,
  idleMs: SESSION_IDLE_MINUTES * 60_000,
  startMs: 30_000,
};

/** The environment variables that set the limits and where to listen. */
export const SSH_ENV = {
  port: 'SSH_PORT',
  host: 'SSH_HOST',
  maxSessions: 'KBC_SSH_MAX_SESSIONS',
  maxSessionsPerAddress: 'KBC_SSH_MAX_SESSIONS_PER_ADDRESS',
  maxSignInAttempts: 'KBC_SSH_MAX_SIGN_IN_ATTEMPTS',
} as const;

export const DEFAULT_SSH_PORT = 2222;

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (it is ${JSON.stringify(text.slice(0, 40))})`);
  return Number(text);
}

/**
 * Where to listen and the limits, from the environment; a malformed value is a ConfigError naming
 * it. Without SSH_HOST, `host` is undefined: every address, IPv6 and IPv4 (Node listens on `::`
 * dual-stack, or on 0.0.0.0 where IPv6 is off), so `ssh localhost` works whichever one it tries.
 */
export function readSshConfig(env: NodeJS.ProcessEnv): { port: number; host: string | undefined; limits: SshLimits } {
  return {
    port: whole(env, SSH_ENV.port, DEFAULT_SSH_PORT, 0, 65_535),
    host: env[SSH_ENV.host]?.trim() || undefined,
    limits: {
      ...DEFAULT_LIMITS,
      maxSessions: whole(env, SSH_ENV.maxSessions, DEFAULT_LIMITS.maxSessions, 1, 100_000),
      maxSessionsPerAddress: whole(env, SSH_ENV.maxSessionsPerAddress, DEFAULT_LIMITS.maxSessionsPerAddress, 1, 100_000),
      maxSignInAttempts: whole(env, SSH_ENV.maxSignInAttempts, DEFAULT_LIMITS.maxSignInAttempts, 1, 1000),
    },
  };
}
