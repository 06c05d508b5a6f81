import type { CopyOutcome } from '../clipboard.ts';

/** What the screen says after `c`: copied (and what to do if nothing arrived), or why it cannot. */
export function copyOutcomeText(outcome: CopyOutcome, what: string): string {
  if (!outcome.sent) return `Cannot copy here (${outcome.why}): select the ${what} with the mouse instead.`;
  return `Sent the ${what} to your terminal's clipboard. Nothing to paste? Your terminal refused it (in tmux: set -g set-clipboard on): select it with the mouse instead.`;
}
