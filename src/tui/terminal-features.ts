/** Terminal types whose every version in use shows OSC 8 hyperlinks. */
const HYPERLINK_TERMS = /^(xterm-kitty|xterm-ghostty|foot|wezterm|alacritty)/;
/** Terminal programs (TERM_PROGRAM) that show OSC 8 hyperlinks. */
const HYPERLINK_PROGRAMS = new Set(['iTerm.app', 'WezTerm', 'vscode', 'ghostty']);

/**
 * Whether the terminal shows OSC 8 hyperlinks (a link's text clickable), from its environment, as
 * the supports-hyperlinks convention reads it: FORCE_HYPERLINK=1 or 0 decides; otherwise known
 * terminals only (a terminal that does not know OSC 8 may print it). Over SSH only TERM is known.
 */
export function supportsHyperlinks(env: Readonly<Record<string, string | undefined>>): boolean {
  const forced = env['FORCE_HYPERLINK'];
  if (forced !== undefined && forced !== '') return forced !== '0' && forced !== 'false';
  const term = env['TERM'] ?? '';
  if (term === 'dumb' || term === 'linux') return false;
  if (HYPERLINK_TERMS.test(term)) return true;
  if (HYPERLINK_PROGRAMS.has(env['TERM_PROGRAM'] ?? '')) return true;
  if (env['WT_SESSION'] || env['KITTY_WINDOW_ID']) return true;
  // GNOME Terminal, Tilix and others on VTE 0.50 or later.
  const vte = Number.parseInt(env['VTE_VERSION'] ?? '', 10);
  return Number.isFinite(vte) && vte >= 5000;
}

/** `text` as an OSC 8 hyperlink to `url` (the terminal shows `text`, clickable). */
export const hyperlink = (url: string, text: string): string => `\x1b]8;;${url}\x07${text}\x1b]8;;\x07`;
