import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, readSlackConfig, SlackConfigError } from '../../src/slack/config.ts';

const REQUIRED = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };

describe('readSlackConfig', () => {
  it('names every missing required variable', () => {
    expect(() => readSlackConfig({})).toThrow(SlackConfigError);
    expect(() => readSlackConfig({})).toThrow(/SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/);
    expect(() => readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/needs SLACK_SIGNING_SECRET/);
    expect(() => readSlackConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: '  ' })).toThrow(/needs SLACK_BOT_TOKEN/);
  });

  it('defaults to HTTP on port 3000, Slack itself, and tokens needing MFA', () => {
    expect(readSlackConfig(REQUIRED)).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 'secret',
      appToken: null,
      port: DEFAULT_PORT,
      apiUrl: null,
      tokenRequiresMfa: true,
      projectBaseUrl: null,
    });
  });

  it('reads the project base URL, ending it with a slash, and refuses one that is not http(s)', () => {
    expect(readSlackConfig({ ...REQUIRED, KBC_PROJECT_BASE_URL: 'https://connection.keboola.com/admin/projects' }).projectBaseUrl).toBe('https://connection.keboola.com/admin/projects/');
    expect(() => readSlackConfig({ ...REQUIRED, KBC_PROJECT_BASE_URL: 'javascript:alert(1)' })).toThrow(/KBC_PROJECT_BASE_URL must be an http\(s\) URL/);
    expect(() => readSlackConfig({ ...REQUIRED, KBC_PROJECT_BASE_URL: 'not a url' })).toThrow(SlackConfigError);
  });

  it('reads Socket Mode, the port, the API URL and the MFA policy', () => {
    const config = readSlackConfig({
      ...REQUIRED,
      SLACK_APP_TOKEN: 'xapp-1',
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      KBC_SLACK_TOKEN_REQUIRES_MFA: 'false',
    });
    expect(config).toMatchObject({ appToken: 'xapp-1', port: 8080, apiUrl: 'http://127.0.0.1:9999/api/', tokenRequiresMfa: false });
  });

  it('refuses malformed values with the variable named', () => {
    expect(() => readSlackConfig({ ...REQUIRED, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readSlackConfig({ ...REQUIRED, PORT: '70000' })).toThrow(/PORT/);
    expect(() => readSlackConfig({ ...REQUIRED, SLACK_API_URL: 'not a url' })).toThrow(/SLACK_API_URL/);
    expect(() => readSlackConfig({ ...REQUIRED, SLACK_API_URL: 'ftp://x/' })).toThrow(/SLACK_API_URL/);
    expect(() => readSlackConfig({ ...REQUIRED, KBC_SLACK_TOKEN_REQUIRES_MFA: 'maybe' })).toThrow(/KBC_SLACK_TOKEN_REQUIRES_MFA/);
  });
});
