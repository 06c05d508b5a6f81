import { open, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';

/** Where recovery codes are offered to go, in the home directory. */
export const DEFAULT_CODES_FILE = '~/kbc-account-recovery-codes.txt';

export type SaveOutcome = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly problem: string };

/** `~` and `~/…` in the home directory; a relative path from the working directory. */
export function resolvePath(typed: string, cwd = process.cwd(), home = homedir()): string {
  const path = typed.trim();
  if (path === '~') return home;
  if (path.startsWith('~/')) return resolve(home, path.slice(2));
  return isAbsolute(path) ? path : resolve(cwd, path);
}

const PROBLEMS: Readonly<Record<string, (path: string) => string>> = {
  EEXIST: (path) => `${path} already exists; nothing was overwritten. Choose another name.`,
  ENOENT: (path) => `The folder ${dirname(path)} does not exist.`,
  ENOTDIR: (path) => `${dirname(path)} is not a folder.`,
  EACCES: (path) => `No permission to write ${path}.`,
  EPERM: (path) => `No permission to write ${path}.`,
  EROFS: (path) => `${dirname(path)} is on a read-only file system.`,
  EISDIR: (path) => `${path} is a folder; give a file name.`,
  ENOSPC: (path) => `No space left to write ${path}.`,
};

/**
 * Writes recovery codes, one a line, to a new file only its owner can read (0600). An existing
 * file is never replaced (a symlink planted there included: `wx` refuses it too).
 */
export async function saveRecoveryCodes(typed: string, codes: readonly string[], email: string): Promise<SaveOutcome> {
  if (typed.trim() === '') return { ok: false, problem: 'Type the path of a new file.' };
  const path = resolvePath(typed);
  let file;
  try {
    file = await open(path, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return { ok: false, problem: PROBLEMS[code]?.(path) ?? `Could not create ${path} (${code || 'unknown error'}).` };
  }
  try {
    await file.writeFile(`Keboola Connection recovery codes for ${email}\nEach code signs you in once, instead of an authentication code.\n\n${codes.join('\n')}\n`);
    await file.sync();
    return { ok: true, path };
  } catch (error) {
    // A half-written file would pass for the codes: it goes.
    await file.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return { ok: false, problem: PROBLEMS[code]?.(path) ?? `Could not write ${path} (${code || 'unknown error'}).` };
  } finally {
    await file.close().catch(() => undefined);
  }
}
