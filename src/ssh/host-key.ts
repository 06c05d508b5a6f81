import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open as openFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { ConfigError, createFileOnce, describeFileKind } from '../core/index.ts';

/** A host key file given by path instead of the one next to the data. */
export const HOST_KEY_ENV = 'KBC_SSH_HOST_KEY';
/** The name of the host key generated in the data directory, as OpenSSH names its own. */
export const HOST_KEY_FILE = 'ssh_host_ed25519_key';
/** Far more than any private key file; a larger file is not one. */
const HOST_KEY_MAX_BYTES = 64 * 1024;

export interface HostKey {
  /** The private key as OpenSSH writes it, for ssh2's `hostKeys`. */
  readonly privateKey: string;
  /** `SHA256:…`, as `ssh` shows it on first connect and `ssh-keygen -lf` prints it. */
  readonly fingerprint: string;
  /** e.g. `ssh-ed25519` */
  readonly type: string;
  readonly file: string;
  /** True when this start generated it. */
  readonly created: boolean;
}

/** `SHA256:` and the unpadded base64 of the SHA-256 of the public key's wire form, as OpenSSH prints it. */
export function fingerprintOf(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * The host key: the file `KBC_SSH_HOST_KEY` names, else `ssh_host_ed25519_key` in the data
 * directory, generated (ed25519, mode 0600) on first start. Like sshd, a key file that others may
 * read, a symbolic link or anything but a regular file is refused with the fix (ConfigError) and
 * left as it is. Several servers starting at once on one data directory end up with one key:
 * it is written under a private name and hard-linked into place, which fails if one is there.
 */
export async function loadHostKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<HostKey> {
  const given = env[HOST_KEY_ENV]?.trim();
  if (given) {
    const text = await readKeyFile(given);
    if (text === null) throw new ConfigError(`${HOST_KEY_ENV} names ${given}, which does not exist (make one with \`ssh-keygen -t ed25519 -N '' -f ${given}\`)`);
    return parseHostKey(given, text, false);
  }
  const file = join(dataDir, HOST_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== null) return parseHostKey(file, existing, false);
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await createFileOnce(file, withNewline(generateHostKey()));
  } catch (error) {
    throw new ConfigError(`cannot create the SSH host key ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): make the data directory writable, or set ${HOST_KEY_ENV}`);
  }
  const text = await readKeyFile(file);
  if (text === null) throw new ConfigError(`${file} disappeared as it was created; start again`);
  return parseHostKey(file, text, true);
}

function parseHostKey(file: string, text: string, created: boolean): HostKey {
  const parsed = ssh2.utils.parseKey(text);
  if (parsed instanceof Error || Array.isArray(parsed) || !parsed.isPrivateKey()) {
    throw new ConfigError(`${file} is not an unencrypted SSH private key (${parsed instanceof Error ? parsed.message : 'no private key in it'})`);
  }
  return { privateKey: text, fingerprint: fingerprintOf(parsed.getPublicSSH()), type: parsed.type, file, created };
}

/**
 * The key file's text; null when there is none. Opened without following a symbolic link and
 * without blocking (a FIFO would hang), then checked on the open descriptor.
 */
async function readKeyFile(file: string): Promise<string | null> {
  let handle: FileHandle;
  try {
    handle = await openFile(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw new ConfigError(`${file} is a symbolic link: the SSH host key must be a regular file, mode 0600`);
    throw new ConfigError(`${file} cannot be read (${code ?? (error as Error).message})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new ConfigError(`${file} is ${describeFileKind(info)}, not a regular file: the SSH host key must be a regular file, mode 0600`);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
      throw new ConfigError(`${file} has permissions ${mode}, too open for the server's private SSH host key. Run \`chmod 600 ${file}\` (kbc-account does not change it for you)`);
    }
    if (info.size > HOST_KEY_MAX_BYTES) throw new ConfigError(`${file} is ${info.size} bytes: not an SSH private key`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** Tries at generating a key that ssh2 reads back; each fails with a chance of about 1 in 250. */
const GENERATE_TRIES = 20;

/**
 * A new ed25519 private key in OpenSSH's format. ssh2 1.17 writes some keys (those whose public
 * key starts with a zero byte, measured: 13 of 3,000) one byte short, and then refuses to read
 * them ("Malformed OpenSSH private key"): such a key is never written, another one is made.
 */
export function generateHostKey(): string {
  for (let attempt = 0; attempt < GENERATE_TRIES; attempt += 1) {
    const { private: privateKey } = ssh2.utils.generateKeyPairSync('ed25519');
    const parsed = ssh2.utils.parseKey(privateKey);
    if (!(parsed instanceof Error) && !Array.isArray(parsed) && parsed.isPrivateKey()) return privateKey;
  }
  throw new Error(`could not generate an ed25519 key that reads back (${GENERATE_TRIES} tries)`);
}

const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
