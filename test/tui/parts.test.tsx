import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { renderToString, Text } from 'ink';
import { AccountError, ConfigError, ERROR_CODES, StoreError } from '../../src/core/index.ts';
import { useCore } from '../../src/tui/context.tsx';
import { ERROR_MESSAGES, describeError, UNEXPECTED_MESSAGE } from '../../src/tui/messages.ts';
import { initialNavState, navReducer } from '../../src/tui/navigation.ts';
import { windowStart } from '../../src/tui/components/List.tsx';
import { ConfirmDialog } from '../../src/tui/components/ConfirmDialog.tsx';
import { KeyboardProvider } from '../../src/tui/keyboard.tsx';
import { LayoutProvider } from '../../src/tui/layout-context.tsx';
import './harness.tsx';

describe('error messages', () => {
  it('has plain words for every error code of the core', () => {
    for (const code of ERROR_CODES) expect(ERROR_MESSAGES[code]).toMatch(/\w/);
  });

  it('says when, and in how long, a throttled attempt may be made again', () => {
    const now = new Date('2026-01-15T09:00:00Z');
    const error = new AccountError('TOO_MANY_ATTEMPTS', 'wait', { scope: 'login', retryAfter: '2026-01-15T09:04:00.000Z' });
    expect(describeError(error, now)).toMatch(/^Too many failed attempts\. Try again at \d\d:\d\d [A-Z][A-Za-z0-9+-]+ \(in 4 minutes\)\.$/);
  });

  it('says how many codes are left when the core tells', () => {
    const error = new AccountError('MFA_CODE_INVALID', 'not valid', { attemptsLeft: 2 });
    expect(describeError(error, new Date())).toBe(`${ERROR_MESSAGES.MFA_CODE_INVALID} 2 attempts left before sign-in is locked for a while.`);
  });

  it('words a refused MFA code by the rule of the step and the kind of code', () => {
    const now = new Date('2026-01-15T09:00:00Z');
    const say = (code: 'MFA_CODE_MALFORMED' | 'MFA_CODE_INVALID' | 'MFA_CODE_REUSED', details: Record<string, string | number | boolean | null>) =>
      describeError(new AccountError(code, 'core words', details), now);
    expect(say('MFA_CODE_MALFORMED', { recoveryAccepted: false })).toBe('Enter the 6-digit code from your authenticator app.');
    expect(say('MFA_CODE_MALFORMED', { recoveryAccepted: true })).toBe(ERROR_MESSAGES.MFA_CODE_MALFORMED);
    expect(say('MFA_CODE_REUSED', { factor: 'recovery', recoveryCodesLeft: 1 })).toBe('That recovery code was already used; you have 1 unused recovery code left.');
    expect(say('MFA_CODE_REUSED', { factor: 'recovery', recoveryCodesLeft: 0 })).toMatch(/none left/);
    expect(say('MFA_CODE_REUSED', { factor: 'app' })).toBe(ERROR_MESSAGES.MFA_CODE_REUSED);
    expect(say('MFA_CODE_INVALID', { factor: 'recovery' })).toMatch(/^That recovery code is not valid/);
  });

  it('shows the core’s reason for a guessable password', () => {
    const error = new AccountError('PASSWORD_TOO_WEAK', 'Leave out your name and email address.', { reason: 'personal' });
    expect(describeError(error, new Date())).toBe('Leave out your name and email address.');
  });

  it('says until when, and for how long, an account is locked', () => {
    const now = new Date('2026-01-15T09:00:00Z');
    const error = new AccountError('ACCOUNT_LOCKED', 'locked', { until: '2026-01-15T09:15:00.000Z' });
    expect(describeError(error, now)).toMatch(/locked until \d\d:\d\d [A-Z][A-Za-z0-9+-]+ \(in 15 minutes\)/);
  });

  it('keeps the core message where it is more specific, and the store error that names the file', () => {
    const now = new Date();
    expect(describeError(new AccountError('EMAIL_TAKEN', 'An account with the email a@b.c already exists.'), now)).toContain('a@b.c');
    expect(describeError(new AccountError('INVALID_CREDENTIALS', 'internal wording'), now)).toBe(ERROR_MESSAGES.INVALID_CREDENTIALS);
    expect(describeError(new StoreError('STORE_NOT_JSON', '/data/kbc-account.json', 'is not valid JSON'), now)).toContain('/data/kbc-account.json');
    // A stored secret that the configured key cannot open: say so, it is not a generic failure.
    expect(describeError(new ConfigError('a sealed secret does not open with this key'), now)).toBe('a sealed secret does not open with this key');
  });

  it('shows a generic failure, never the internals, for an unexpected error', () => {
    expect(describeError(new TypeError('x is undefined'), new Date())).toBe(UNEXPECTED_MESSAGE);
  });
});

describe('navigation state', () => {
  const session = { accountId: 'acc_1', email: 'a@example.com', token: 'kbs_test' };

  it('starts on login, opens home on login and goes back through the screen stack', () => {
    let state = navReducer(initialNavState, { type: 'logged-in', session });
    expect(state.stack).toEqual([{ name: 'home' }]);
    state = navReducer(state, { type: 'push', route: { name: 'project', projectId: 'prj_1', projectName: 'P' } });
    state = navReducer(state, { type: 'push', route: { name: 'settings', section: 'security' } });
    state = navReducer(state, { type: 'replace', route: { name: 'settings', section: 'tokens' } });
    expect(state.stack.map((route) => route.name)).toEqual(['home', 'project', 'settings']);
    state = navReducer(navReducer(navReducer(state, { type: 'pop' }), { type: 'pop' }), { type: 'pop' });
    expect(state.stack).toEqual([{ name: 'home' }]);
    expect(navReducer(state, { type: 'logged-out' })).toEqual(initialNavState);
  });
});

describe('list window', () => {
  it('keeps the selected row in view and never scrolls past the end', () => {
    expect(windowStart(5, 3, 10)).toBe(0);
    expect(windowStart(1000, 0, 20)).toBe(0);
    expect(windowStart(1000, 500, 20)).toBe(490);
    expect(windowStart(1000, 999, 20)).toBe(980);
  });
});

describe('useCore', () => {
  it('throws outside the dashboard provider', () => {
    function NeedsCore() {
      useCore();
      return <Text>never</Text>;
    }
    expect(() => act(() => void renderToString(<NeedsCore />))).toThrow(/inside <DashboardProvider>/);
  });
});

describe('ConfirmDialog', () => {
  async function dialog() {
    const answers: string[] = [];
    let instance!: ReturnType<typeof render>;
    await act(async () => {
      instance = render(
        <LayoutProvider value={{ bodyWidth: 80, bodyHeight: 20, setHints: () => undefined }}>
          <KeyboardProvider>
            <ConfirmDialog title="Decline invitation?" message="You will not be able to join later." confirmLabel="decline" onConfirm={() => answers.push('yes')} onCancel={() => answers.push('no')} danger />
          </KeyboardProvider>
        </LayoutProvider>,
      );
    });
    const press = (data: string) =>
      act(async () => {
        instance.stdin.write(data);
        await new Promise((resolve) => setImmediate(resolve));
      });
    return { answers, press, instance };
  }

  it('asks, confirms with y or Enter and cancels with n or Esc', async () => {
    const { answers, press, instance } = await dialog();
    expect(instance.lastFrame()).toContain('Decline invitation?');
    await press('y');
    await press('\r');
    await press('n');
    await press('\x1b');
    expect(answers).toEqual(['yes', 'yes', 'no', 'no']);
    await act(async () => instance.unmount());
  });
});
