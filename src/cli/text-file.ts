import type { CliIo } from './context.ts';
import { UsageError } from './usage-error.ts';

/**
 * The most a text read from a file or standard input may hold. Far above what the core accepts
 * (it then says how many characters are allowed), and small enough to read whole.
 */
export const TEXT_FILE_MAX_BYTES = 64 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** `bytes` as UTF-8 text (a leading byte order mark dropped), or a UsageError naming `source`. */
function utf8(bytes: Buffer, source: string, option: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new UsageError(`${option}: ${source} is not valid UTF-8 text`);
  }
}

/** At most `max` + 1 bytes of `stdin`: one more than allowed tells that it is too large, without reading it all. */
async function readBounded(stdin: NodeJS.ReadableStream, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    chunks.push(buffer);
    size += buffer.length;
    if (size > max) break;
  }
  return Buffer.concat(chunks);
}

/**
 * The text of `--…-file PATH` (`option` names it in messages): a regular file (or a link to one)
 * of at most TEXT_FILE_MAX_BYTES, in UTF-8; `-` reads standard input instead. One argument on a
 * command line is capped at 128 KiB, and a long text with line breaks is easier kept in a file.
 * Every problem is a UsageError (exit 2) that names the file.
 */
export async function readTextFile(io: CliIo, path: string, option: string, max = TEXT_FILE_MAX_BYTES): Promise<string> {
  if (path === '-') {
    const bytes = await readBounded(io.stdin, max);
    if (bytes.length > max) throw new UsageError(`${option}: standard input holds more than ${max} bytes`);
    return utf8(bytes, 'standard input', option);
  }
  if (path.trim() === '') throw new UsageError(`${option} needs a file (or - for standard input)`);
  const { NotRegularFileError, openRegularFile } = await import('../core/index.ts');
  let handle;
  try {
    handle = await openRegularFile(path);
  } catch (error) {
    if (error instanceof NotRegularFileError) throw new UsageError(`${option}: ${error.message}; give a regular file, or - to read standard input`);
    throw new UsageError(`${option}: ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (handle === null) throw new UsageError(`${option}: ${path} does not exist`);
  try {
    const buffer = Buffer.alloc(max + 1);
    let read = 0;
    while (read < buffer.length) {
      const { bytesRead } = await handle.read(buffer, read, buffer.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    if (read > max) throw new UsageError(`${option}: ${path} is larger than ${max} bytes`);
    return utf8(buffer.subarray(0, read), path, option);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${option}: ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    await handle.close();
  }
}
