import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** Starting node and compiling the sources through tsx, on a machine busy with other suites. */
const START_TIMEOUT_MS = 40_000;

export interface ServerProcess {
  readonly port: number;
  /** As printed at start: `SHA256:…`. */
  readonly fingerprint: string;
  /** Everything the server printed so far. */
  output(): string;
  /** SIGTERM, then resolves with the exit code once it stopped. */
  stop(): Promise<number | null>;
  readonly child: ChildProcess;
}

/** The test's environment, less what would change how the server runs or where its data is. */
function serverEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name === 'NODE_ENV' || name.startsWith('VITEST') || name.startsWith('KBC_ACCOUNT_') || name.startsWith('KBC_SSH_') || name.startsWith('SSH_')) delete env[name];
  }
  // CI=true, as CI sets it: Ink would draw only the last frame, and the server must undo that for its sessions.
  return { ...env, CI: 'true', SSH_PORT: '0', SSH_HOST: '127.0.0.1', ...extra };
}

/**
 * `kbc-account --data DIR ssh` as a real process on a free loopback port (SSH_PORT=0).
 */
export async function startServer(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['bin/kbc-account.js', '--data', dataDir, 'ssh'], { cwd: REPO, env: serverEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
    const fingerprint = /host key ssh-ed25519 (SHA256:[A-Za-z0-9+/]+)/.exec(output)?.[1];
    if (port && fingerprint) {
      return {
        port: Number(port),
        fingerprint,
        output: () => output,
        child,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`kbc-account ssh did not start. It printed:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
