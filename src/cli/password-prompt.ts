import type { CliIo } from './context.ts';
import { PromptAborted, readHidden, type TerminalInput } from './hidden-input.ts';
import { ReportedExit } from './reported-exit.ts';
import { UsageError } from './usage-error.ts';

/** Tries at a password the policy accepts before giving up. */
export const PASSWORD_ATTEMPTS = 3;
/** The exit status after Ctrl+C (128 + SIGINT), as shells report an interrupted program. */
const INTERRUPTED = 130;

/**
 * Asks on the terminal for a new password, hidden, then for it again. A password the policy
 * refuses (`problem` says why, or null) is said at once and asked for again, up to
 * PASSWORD_ATTEMPTS times, so nobody types a weak one twice (the last is left for the core to
 * refuse); two different answers are refused:
 * nothing is created from a password its owner may have mistyped. Ctrl+C ends with status 130.
 */
export async function askNewPassword(io: CliIo, problem: (password: string) => Promise<string | null>): Promise<string> {
  const input = io.stdin as TerminalInput;
  const ask = async (prompt: string): Promise<string> => {
    try {
      return await readHidden(input, io.stderr, prompt);
    } catch (error) {
      if (!(error instanceof PromptAborted)) throw error;
      if (error.reason === 'interrupt') throw new ReportedExit(INTERRUPTED);
      throw new UsageError('no password entered; nothing was created');
    }
  };
  for (let attempt = 1; ; attempt++) {
    const password = await ask('Password: ');
    const refused = password === '' ? 'The password must not be empty.' : await problem(password);
    if (refused === null) {
      if ((await ask('Repeat the password: ')) !== password) throw new UsageError('the two passwords do not match; nothing was created');
      return password;
    }
    // The last refused one goes to the core, which refuses it with its error code (exit 1, as
    // for a piped password) rather than the CLI restating the rule.
    if (attempt === PASSWORD_ATTEMPTS) return password;
    io.stderr.write(`${refused} Try another.\n`);
  }
}
