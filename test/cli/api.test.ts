import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDataDir } from '../support/core.ts';

describe('kbc-account api', () => {
  it('refuses a PORT or a log level it cannot use, as a usage error (exit 2), before opening the store', async () => {
    const dataDir = await tempDataDir();
    const [port, level] = await Promise.all([
      runCli(['--data', dataDir, 'api'], { env: { PORT: '80abc' } }),
      runCli(['--data', dataDir, 'api'], { env: { PORT: '0', KBC_API_LOG_LEVEL: 'loud' } }),
    ]);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/PORT must be a port number/);
    expect(level.code).toBe(2);
    expect(level.stderr).toMatch(/KBC_API_LOG_LEVEL must be/);
  });

  it('is listed in --help with what it serves', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/api\s+serve the Management API/);
  });
});
