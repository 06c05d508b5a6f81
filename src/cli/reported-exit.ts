/**
 * A command ended with a non-zero exit code after it already told the user what went wrong
 * (the dashboard refusing a non-terminal, the Slack app refusing its token): print nothing more.
 */
export class ReportedExit extends Error {
  override readonly name = 'ReportedExit';

  constructor(readonly exitCode: number) {
    super(`exited with code ${exitCode}`);
  }
}
