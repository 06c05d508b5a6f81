import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { lstat, open, readlink, stat, type FileHandle } from 'node:fs/promises';

/**
 * A path the program keeps its data in (the store file, its journal, the secret key) that is
 * there but cannot be read as a file: a symbolic link to nothing, or something that is not a
 * regular file. A journal linked to /dev/zero would be read for ever (gigabytes of memory), a FIFO
 * would hang the reader until someone writes to it; neither is ever opened for reading.
 */
export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';

  constructor(
    readonly file: string,
    /** What is wrong, to follow the file's name: "is a FIFO (named pipe), not a regular file". */
    readonly problem: string,
    /** A symbolic link to a path that does not exist (rather than something that is not a file). */
    readonly dangling = false,
  ) {
    super(`${file} ${problem}`);
  }
}

/** What `stats` describes, for a message: "a directory", "a FIFO (named pipe)", … */
export function describeFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

const notRegular = (file: string, stats: Stats) => new NotRegularFileError(file, `is ${describeFileKind(stats)}, not a regular file`);
const dangling = (file: string, target: string | null) =>
  new NotRegularFileError(file, `is a symbolic link to ${target ?? 'a path'} that does not exist`, true);
const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** O_NONBLOCK: should the path become a FIFO between the check and the open, opening it does not wait for a writer. */
const flagsOf = (mode: 'r' | 'r+') => (mode === 'r' ? constants.O_RDONLY : constants.O_RDWR) | constants.O_NONBLOCK;

/**
 * Opens `file` ('r' to read, 'r+' to read and write in place) when it is a regular file, or a
 * symbolic link to one; null when nothing is there. NotRegularFileError for a link to nothing and
 * for anything else (a device, a FIFO, a directory, a socket), which is looked at (stat), never
 * opened. Other failures (EACCES, ELOOP…) are thrown as they are.
 */
export async function openRegularFile(file: string, mode: 'r' | 'r+' = 'r'): Promise<FileHandle | null> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch (error) {
    if (!isMissing(error)) throw error;
    if ((await lstat(file).catch(() => null))?.isSymbolicLink()) throw dangling(file, await readlink(file).catch(() => null));
    return null;
  }
  if (!info.isFile()) throw notRegular(file, info);
  let handle: FileHandle;
  try {
    handle = await open(file, flagsOf(mode));
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  // Replaced between the stat and the open: what was opened is what counts.
  const opened = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!opened.isFile()) {
    await handle.close();
    throw notRegular(file, opened);
  }
  return handle;
}

/** openRegularFile, synchronously: a file descriptor, or null when nothing is there. */
export function openRegularFileSync(file: string, mode: 'r' | 'r+' = 'r'): number | null {
  let info: Stats;
  try {
    info = statSync(file);
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (tryOrNull(() => lstatSync(file))?.isSymbolicLink()) throw dangling(file, tryOrNull(() => readlinkSync(file)));
    return null;
  }
  if (!info.isFile()) throw notRegular(file, info);
  let fd: number;
  try {
    fd = openSync(file, flagsOf(mode));
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  let opened: Stats;
  try {
    opened = fstatSync(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (!opened.isFile()) {
    closeSync(fd);
    throw notRegular(file, opened);
  }
  return fd;
}

function tryOrNull<T>(run: () => T): T | null {
  try {
    return run();
  } catch {
    return null;
  }
}
