import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config-error.ts';
import { createFileOnce } from '../shared/create-once.ts';
import { describeFileKind, NotRegularFileError, openRegularFile } from '../shared/regular-file.ts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';
export const SECRET_KEY_FILE = 'secret.key';
export const SECRET_KEY_ENV = 'KBC_ACCOUNT_SECRET_KEY';

/** Seals small secrets (TOTP seeds) at rest with AES-256-GCM, and keys verifiers of short codes. */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  /**
   * HMAC-SHA256 under a key derived from the secret key: the stored verifier of a short code
   * (recovery codes, Slack link codes), useless for offline guessing without the key.
   */
  mac(value: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error(`the secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
  const macKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'kbc-account code verifiers', KEY_BYTES));
  return {
    mac: (value) => createHmac('sha256', macKey).update(value, 'utf8').digest('hex'),
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new ConfigError(
          `a sealed secret does not open with this key: it was altered, or ${SECRET_KEY_ENV} / ${SECRET_KEY_FILE} is not the key it was sealed with`,
        );
      }
    },
  };
}

/**
 * A value that tells keys apart without revealing them (an HMAC of a fixed text): stored with
 * data sealed by a key, so that a process holding another key can be refused at start.
 */
export function keyCheckOf(key: Buffer): string {
  return createHmac('sha256', key).update('kbc-account secret key check v1').digest('hex');
}

/** Parses `KBC_ACCOUNT_SECRET_KEY`: 32 bytes as 64 hex characters or as base64. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new ConfigError(`${SECRET_KEY_ENV} must be ${KEY_BYTES} bytes as 64 hex characters or base64 (got ${key.length} bytes)`);
  }
  return key;
}

/** A key file is 64 hex characters and a newline; anything much longer is not one. */
const KEY_FILE_MAX_BYTES = 1024;

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** The first characters of a key check value: enough to tell keys apart in a message, nothing about the key. */
export const keyFingerprint = (check: string): string => check.slice(0, 16);

/** The key file of a data directory. */
export const secretKeyFileOf = (dataDir: string): string => join(dataDir, SECRET_KEY_FILE);

/**
 * The key from the environment when set, else `secret.key` in the data directory; null when
 * neither is there. As ssh does with a private key, a key file that anyone but its owner may
 * read or write, a symbolic link, or anything but a regular file is refused with the fix
 * (ConfigError), never used and never changed: a mode is the user's to set.
 */
export async function readSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer | null> {
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv) return parseSecretKey(fromEnv);
  const file = secretKeyFileOf(dataDir);
  const text = await readKeyFile(file);
  return text === null ? null : parseKeyFile(file, text);
}

/**
 * Creates `secret.key` (0600) in the data directory and returns the key it holds. The new key is
 * written and fsynced under a private temporary name and then hard-linked into place: `link`
 * fails when the name exists, so of several racing processes exactly one key wins, and nobody
 * can ever read a half-written key file. Only for a store that holds nothing sealed yet (see
 * openSecretKey): a new key never replaces a lost one.
 */
export async function createSecretKey(dataDir: string): Promise<Buffer> {
  const file = secretKeyFileOf(dataDir);
  try {
    await createFileOnce(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`);
  } catch (error) {
    throw new ConfigError(
      `cannot create ${file} (${errnoOf(error) ?? (error as Error).message}): the data directory must be writable to make a new key, or set ${SECRET_KEY_ENV}`,
    );
  }
  const text = await readKeyFile(file);
  if (text === null) throw new ConfigError(`${file} disappeared as it was created; start again`);
  return parseKeyFile(file, text);
}

/** The existing key, or a new one, without asking any store (see openSecretKey, which openStore uses instead). */
export async function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  return (await readSecretKey(dataDir, env)) ?? (await createSecretKey(dataDir));
}

function parseKeyFile(file: string, text: string): Buffer {
  try {
    return parseSecretKey(text);
  } catch {
    throw new ConfigError(`${file} does not hold a 32-byte key (64 hex characters); restore it from a backup, or set ${SECRET_KEY_ENV}`);
  }
}

/**
 * The key file's text; null when there is none. Opened without following a symbolic link and
 * without blocking (a FIFO would hang a plain open), then checked on the open descriptor, so what
 * is checked is what is read.
 */
async function readKeyFile(file: string): Promise<string | null> {
  let handle: FileHandle;
  try {
    handle = await openFile(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') {
      throw new ConfigError(`${file} is a symbolic link: the key must be a regular file in the data directory (mode 0600), or set ${SECRET_KEY_ENV}`);
    }
    throw new ConfigError(`${file} cannot be read (${code ?? (error as Error).message})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new ConfigError(`${file} is ${describeFileKind(info)}, not a regular file: the key must be a regular file of 64 hex characters, mode 0600, or set ${SECRET_KEY_ENV}`);
    }
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
      throw new ConfigError(
        `${file} has permissions ${mode}, too open for the key that protects MFA secrets: others must not read it. Run \`chmod 600 ${file}\` (kbc-account does not change it for you)`,
      );
    }
    if (info.size > KEY_FILE_MAX_BYTES) throw new ConfigError(`${file} does not hold a 32-byte key (it is ${info.size} bytes); restore it from a backup, or set ${SECRET_KEY_ENV}`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

