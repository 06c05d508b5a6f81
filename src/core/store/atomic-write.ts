import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** Temp files are `<name>.<pid>.<random hex>.tmp` next to the target. */
const TEMP_SUFFIX = /^\.\d+\.[0-9a-f]+\.tmp$/;
/** What write-file-atomic (used before) left behind: `<name>.<uint32>`. */
const LEGACY_TEMP_SUFFIX = /^\.\d+$/;

/** True when `name` (a directory entry) is a temp file of a write to `file` that never finished. */
export function isTempFileOf(file: string, name: string): boolean {
  const prefix = basename(file);
  if (!name.startsWith(prefix)) return false;
  const suffix = name.slice(prefix.length);
  return TEMP_SUFFIX.test(suffix) || LEGACY_TEMP_SUFFIX.test(suffix);
}

/**
 * Replaces `file` with `text` so that a reader or a crash sees either the old or the new content:
 * write a temp file in the same directory, check it is complete, fsync it, rename it over the
 * target, fsync the directory. `mode` is applied exactly (e.g. 0o600). Throws the underlying
 * system error; the target is then untouched and the temp file removed.
 *
 * Not write-file-atomic: its single `write` call ignores short writes, so a full disk or a file
 * size limit made it rename a truncated file over good data.
 */
export async function writeFileAtomically(file: string, text: string, mode: number): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const tmp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const owner = await ownerToKeep(target);
  let handle: FileHandle | null = null;
  try {
    handle = await open(tmp, 'wx', mode);
    // FileHandle.writeFile loops over short writes and throws on the failing one.
    await handle.writeFile(text, 'utf8');
    const { size } = await handle.stat();
    if (size !== Buffer.byteLength(text, 'utf8')) throw Object.assign(new Error('short write'), { code: 'ESHORTWRITE' });
    if (owner) await handle.chown(owner.uid, owner.gid);
    await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(tmp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(target));
}

/** Root rewriting a file someone else owns hands it back to that owner (as write-file-atomic did). */
async function ownerToKeep(target: string): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const current = await stat(target).catch(() => null);
  if (!current || (current.uid === 0 && current.gid === 0)) return null;
  return { uid: current.uid, gid: current.gid };
}

/** Makes the rename itself durable. Best effort: the new content is already in place. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot open or fsync a directory; nothing more to do there.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
