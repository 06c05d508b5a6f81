import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { link, open as openFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config-error.ts';
import { NotRegularFileError, openRegularFile } from '../shared/regular-file.ts';

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

/**
 * The key from the environment when set; otherwise `secret.key` in the data directory, created
 * 0600 on first use. The new key is written and fsynced under a private temporary name and then
 * hard-linked into place: `link` fails when the name exists, so of several racing processes
 * exactly one key wins, and nobody can ever read a half-written key file.
 */
export async function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv) return parseSecretKey(fromEnv);
  const file = join(dataDir, SECRET_KEY_FILE);
  let text = await readIfExists(file);
  if (text === null) {
    await createKeyFile(file);
    text = await readIfExists(file);
    if (text === null) throw new ConfigError(`${file} disappeared right after it was created; check what else changes the data directory`);
  }
  try {
    return parseSecretKey(text);
  } catch {
    throw new ConfigError(`${file} does not hold a 32-byte key (64 hex characters); restore it from a backup, or set ${SECRET_KEY_ENV}`);
  }
}

/** Far more than a key file holds (65 bytes): anything larger is not one, and is not read whole. */
const KEY_FILE_MAX_BYTES = 4096;

/**
 * The key file's text, or null when there is none. A link to nothing, a device or a FIFO (which
 * would be read for ever, or hang) and an oversized file are a ConfigError naming the file.
 */
async function readIfExists(file: string): Promise<string | null> {
  let handle;
  try {
    handle = await openRegularFile(file);
  } catch (error) {
    if (error instanceof NotRegularFileError) {
      throw new ConfigError(`${file} ${error.problem}; it must be the installation's key file (restore it from a backup), or set ${SECRET_KEY_ENV}`);
    }
    throw new ConfigError(`${file} cannot be read (${(error as Error).message})`);
  }
  if (handle === null) return null;
  try {
    const buffer = Buffer.alloc(KEY_FILE_MAX_BYTES + 1);
    let bytesRead = 0;
    while (bytesRead < buffer.length) {
      const { bytesRead: read } = await handle.read(buffer, bytesRead, buffer.length - bytesRead, bytesRead);
      if (read === 0) break;
      bytesRead += read;
    }
    if (bytesRead > KEY_FILE_MAX_BYTES) {
      throw new ConfigError(`${file} is larger than ${KEY_FILE_MAX_BYTES} bytes, so it is not a key file; restore the key from a backup, or set ${SECRET_KEY_ENV}`);
    }
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${file} cannot be read (${(error as Error).message})`);
  } finally {
    await handle.close();
  }
}

async function createKeyFile(file: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await openFile(temp, 'wx', 0o600);
  try {
    await handle.writeFile(randomBytes(KEY_BYTES).toString('hex') + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
