import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { colourLevel } from '../../src/tui/colour.ts';
import { supportsHyperlinks } from '../../src/tui/terminal-features.ts';
import { Button } from '../../src/tui/components/Button.tsx';

const TTY = { isTTY: true };

describe('colour follows NO_COLOR and FORCE_COLOR, not CI', () => {
  it('ignores CI, whatever its value', () => {
    expect(colourLevel({ CI: 'false', TERM: 'xterm' }, TTY)).toBe(1);
    expect(colourLevel({ CI: 'true', TERM: 'xterm-256color' }, TTY)).toBe(2);
  });

  it('turns colour off for a NO_COLOR that is not empty, and on again for FORCE_COLOR', () => {
    expect(colourLevel({ NO_COLOR: '1', TERM: 'xterm-256color' }, TTY)).toBe(0);
    expect(colourLevel({ NO_COLOR: '', TERM: 'xterm-256color' }, TTY)).toBe(2);
    expect(colourLevel({ NO_COLOR: '1', FORCE_COLOR: '1' }, TTY)).toBe(1);
    expect(colourLevel({ FORCE_COLOR: '0', TERM: 'xterm-256color' }, TTY)).toBe(0);
    expect(colourLevel({ FORCE_COLOR: '3' }, { isTTY: false })).toBe(3);
  });

  it('gives no colour to a dumb terminal or a pipe, and true colour where COLORTERM says so', () => {
    expect(colourLevel({ TERM: 'dumb' }, TTY)).toBe(0);
    expect(colourLevel({ TERM: 'xterm' }, { isTTY: false })).toBe(0);
    expect(colourLevel({ TERM: 'xterm', COLORTERM: 'truecolor' }, TTY)).toBe(3);
  });

  it('marks a focused button without colour: a pointer and brackets', () => {
    const focused = render(<Button label="Create token" focused />);
    const idle = render(<Button label="Create token" focused={false} />);
    expect(focused.lastFrame()?.replace(/\x1b\[[0-9;]*m/g, '')).toBe('❯ [ Create token ]');
    expect(idle.lastFrame()?.replace(/\x1b\[[0-9;]*m/g, '')).toBe('  [ Create token ]');
  });
});

describe('OSC 8 hyperlinks', () => {
  it('are used only where the terminal is known to show them, or FORCE_HYPERLINK says', () => {
    expect(supportsHyperlinks({ TERM: 'xterm-256color' })).toBe(false);
    expect(supportsHyperlinks({ TERM: 'xterm-kitty' })).toBe(true);
    expect(supportsHyperlinks({ TERM: 'xterm-256color', VTE_VERSION: '7600' })).toBe(true);
    expect(supportsHyperlinks({ TERM: 'xterm-256color', TERM_PROGRAM: 'iTerm.app' })).toBe(true);
    expect(supportsHyperlinks({ TERM: 'xterm-kitty', FORCE_HYPERLINK: '0' })).toBe(false);
    expect(supportsHyperlinks({ TERM: 'linux', FORCE_HYPERLINK: '1' })).toBe(true);
  });
});

describe('Ctrl+Z where there is no shell to return to', () => {
  it('says in the footer why it does nothing (over SSH), and the screen stays as it was', async () => {
    const { makeAccount, testCore } = await import('../support/core.ts');
    const { renderDashboard } = await import('./harness.tsx');
    const { core } = testCore();
    await makeAccount(core, 'ssh@example.com');
    const h = await renderDashboard(core, { front: { via: 'ssh', from: 'ssh from 203.0.113.5' } });
    try {
      await h.waitFor('Sign in to Keboola Connection');
      await h.press('\x1a');
      const frame = await h.waitFor('Ctrl+Z does nothing here: the dashboard runs on the server');
      expect(frame).toContain('Sign in to Keboola Connection');
    } finally {
      await h.unmount();
    }
  });
});
