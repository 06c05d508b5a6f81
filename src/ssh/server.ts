import type { AddressInfo } from 'node:net';
import ssh2, { type Connection, type PseudoTtyInfo, type ServerChannel } from 'ssh2';
import type { Core } from '../core/index.ts';
import type { HostKey } from './host-key.ts';
import type { SshLimits } from './limits.ts';
import { runDashboardSession, type DashboardSession } from './session.ts';
import type { RemoteTerminal } from './terminal.ts';

/** Larger windows are laid out at this size: a client must not make the server lay out a million cells. */
const MAX_COLUMNS = 500;
const MAX_ROWS = 200;
/** How long a client has to close the connection after its dashboard ended, in ms. */
const CLOSE_GRACE_MS = 5_000;

/** What the client is told when it asks for something this server does not do. */
export const REFUSALS = {
  noPty:
    'kbc-account: this server only serves the account dashboard, which needs an interactive terminal. Connect with `ssh -t` from a terminal (no command).',
  exec: 'kbc-account: this server runs no commands and has no shell; connect without a command to open the account dashboard.',
  subsystem: 'kbc-account: this server offers no subsystems (no sftp, no scp); connect without a command to open the account dashboard.',
  tooMany: (limit: number) => `kbc-account: the server is serving as many sessions as it may (${limit}); try again in a few minutes.`,
  tooManyFromAddress: (limit: number) => `kbc-account: there are already ${limit} sessions from your address; close one and try again.`,
  oneSession: 'kbc-account: one dashboard per connection.',
} as const;

export interface SshServerOptions {
  readonly core: Core;
  readonly hostKey: HostKey;
  readonly limits: SshLimits;
  /** One line per event (connections, refusals, unexpected errors); never a secret. */
  readonly log?: (line: string) => void;
}

export interface SshServer {
  /** Starts listening; resolves to the address (port 0 picks a free one; no host: every address, IPv6 and IPv4). */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Connections open now. */
  connections(): number;
  /** Stops listening, ends every dashboard (each signs its session out) with `reason`, and closes every connection. */
  close(reason?: string): Promise<void>;
}

/** Control and formatting characters out of what a client sent, before it goes into a log line. */
const printable = (text: string): string => text.replace(/[\p{Cc}\p{Cf}]/gu, '?').slice(0, 100);

const clampSize = (value: number, max: number, fallback: number): number => (Number.isInteger(value) && value > 0 ? Math.min(value, max) : fallback);

interface Tracked {
  readonly client: Connection;
  readonly address: string;
  dashboard: DashboardSession | null;
}

/**
 * The dashboard over SSH. Any client may connect (the `none` and `keyboard-interactive` methods
 * are accepted without a check): who the person is, is what the dashboard's own sign-in proves,
 * with the core's throttle, lockout, MFA and sessions. Each connection gets at most one session,
 * and a session runs the dashboard only with a pty; exec, subsystems (sftp), port forwarding,
 * agent and X11 forwarding are refused.
 */
export function createSshServer(options: SshServerOptions): SshServer {
  const { core, limits } = options;
  const log = options.log ?? (() => undefined);
  const open = new Set<Tracked>();
  const perAddress = new Map<string, number>();
  let counter = 0;

  const server = new ssh2.Server({ hostKeys: [options.hostKey.privateKey], ident: 'kbc-account' }, (client, info) => {
    // On a dual-stack socket IPv4 clients arrive as ::ffff:203.0.113.5; people know them without the prefix.
    const address = info.ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
    const label = `[ssh ${++counter} ${address}]`;
    const tracked: Tracked = { client, address, dashboard: null };
    // Keys and frames are small writes each waiting on the other side: Nagle's algorithm would hold
    // each back for the previous one's (delayed) ACK, some 40 ms. OpenSSH sets it for ttys too.
    (client as Connection & { setNoDelay(noDelay: boolean): void }).setNoDelay(true);
    const fromAddress = (perAddress.get(address) ?? 0) + 1;
    perAddress.set(address, fromAddress);
    open.add(tracked);
    // Said once a session is open, where the client shows it, instead of a bare refused connection.
    const refusal = open.size > limits.maxSessions ? REFUSALS.tooMany(limits.maxSessions) : fromAddress > limits.maxSessionsPerAddress ? REFUSALS.tooManyFromAddress(limits.maxSessionsPerAddress) : null;
    log(`${label} connected (${printable(info.header.identRaw)})${refusal ? ': over the limit' : ''}`);

    // Key exchange, a session, a pty and a shell must come soon: a half-open connection holds a place.
    const start = setTimeout(() => {
      if (tracked.dashboard === null) {
        log(`${label} closed: no dashboard started within ${limits.startMs / 1000} s`);
        client.end();
      }
    }, limits.startMs);

    client.on('error', (error) => log(`${label} connection error: ${printable(error.message)}`));
    client.on('close', () => {
      clearTimeout(start);
      open.delete(tracked);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
      tracked.dashboard?.hangUp(null);
      log(`${label} disconnected`);
    });

    client.on('authentication', (context) => {
      // The dashboard's sign-in is the authentication; SSH only carries the terminal.
      if (context.method === 'none' || context.method === 'keyboard-interactive') context.accept();
      else context.reject(['none', 'keyboard-interactive']);
    });

    // Global requests: remote port forwarding (-R) and its socket variant.
    client.on('request', (_accept, reject, name) => {
      log(`${label} refused global request ${printable(name)}`);
      reject?.();
    });
    // Local port forwarding (-L, -D) opens these channels.
    client.on('tcpip', (_accept, reject, forward) => {
      log(`${label} refused port forwarding to ${printable(forward.destIP)}:${forward.destPort}`);
      reject();
    });
    client.on('openssh.streamlocal', (_accept, reject) => {
      log(`${label} refused socket forwarding`);
      reject();
    });

    /**
     * One channel is all a connection is for: once it closed (the client has its exit status then),
     * the connection ends, and its place is free for the next one. A client that never closes the
     * channel after it ended is closed for it.
     */
    const endAfter = (channel: ServerChannel) => {
      channel.once('close', () => client.end());
      channel.once('finish', () => setTimeout(() => client.end(), CLOSE_GRACE_MS).unref());
    };

    let sessions = 0;
    client.on('session', (acceptSession, rejectSession) => {
      if (++sessions > 1) {
        log(`${label} refused a second session on one connection`);
        return rejectSession();
      }
      const session = acceptSession();
      let pty: (PseudoTtyInfo & { term?: string }) | null = null;
      let noColour = false;

      const refuse = (channel: ServerChannel, message: string) => {
        // Read (and drop) what the client sends, so the channel can end and close.
        channel.resume();
        channel.stderr.write(`${message}\r\n`);
        channel.exit(1);
        channel.end();
        endAfter(channel);
      };

      session.on('pty', (accept, _reject, requested) => {
        pty = requested;
        accept?.();
      });
      session.on('env', (accept, reject, variable) => {
        // Only what changes how the dashboard draws; nothing from the client reaches the server's environment.
        if (variable.key === 'NO_COLOR') {
          noColour = variable.val !== '';
          accept?.();
        } else reject?.();
      });
      session.on('window-change', (accept, _reject, size) => {
        tracked.dashboard?.resize(clampSize(size.cols, MAX_COLUMNS, 80), clampSize(size.rows, MAX_ROWS, 24));
        accept?.();
      });
      session.on('auth-agent', (_accept, reject) => {
        log(`${label} refused agent forwarding`);
        reject?.();
      });
      session.on('x11', (_accept, reject) => {
        log(`${label} refused X11 forwarding`);
        reject?.();
      });
      session.on('exec', (accept) => {
        log(`${label} refused exec`);
        refuse(accept(), REFUSALS.exec);
      });
      session.on('subsystem', (accept, _reject, subsystem) => {
        log(`${label} refused subsystem ${printable(subsystem.name)}`);
        refuse(accept(), REFUSALS.subsystem);
      });
      session.on('shell', (accept) => {
        const channel = accept();
        if (refusal) return refuse(channel, refusal);
        if (!pty) {
          log(`${label} refused a shell without a pty`);
          return refuse(channel, REFUSALS.noPty);
        }
        const term = typeof pty.term === 'string' ? pty.term : '';
        const terminal: RemoteTerminal = {
          columns: clampSize(pty.cols, MAX_COLUMNS, 80),
          rows: clampSize(pty.rows, MAX_ROWS, 24),
          term,
          colour: !noColour && term !== 'dumb',
        };
        log(`${label} dashboard started (${terminal.columns}×${terminal.rows}, TERM=${printable(term)})`);
        clearTimeout(start);
        tracked.dashboard = runDashboardSession({ core, channel, terminal, address, limits, log, label });
        endAfter(channel);
        void tracked.dashboard.done.then(() => log(`${label} dashboard ended`));
      });
    });
  });

  server.on('error', (error: Error) => log(`server error: ${printable(error.message)}`));

  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        const listening = () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        };
        if (host === undefined) server.listen(port, listening);
        else server.listen(port, host, listening);
      }),
    connections: () => open.size,
    close: async (reason = 'the server is stopping.') => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const ending = [...open].map((tracked) => {
        if (!tracked.dashboard) {
          tracked.client.end();
          return Promise.resolve();
        }
        tracked.dashboard.hangUp(reason);
        return tracked.dashboard.done;
      });
      await Promise.all(ending);
      for (const tracked of open) tracked.client.end();
      await closed;
    },
  };
}
