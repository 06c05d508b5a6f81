import chalk, { type ColorSupportLevel } from 'chalk';

/**
 * How many colours the local terminal gets, from NO_COLOR and FORCE_COLOR (https://no-color.org,
 * https://force-color.org) and the terminal itself, never from CI: chalk turns colour off when
 * any CI variable exists (even CI=false), which says nothing about the terminal a person is at.
 * NO_COLOR (not empty) turns colour off; FORCE_COLOR=0/false off, 1/true/empty 16 colours, 2 256,
 * 3 true colour, and wins over NO_COLOR; otherwise a TTY gets colour unless TERM=dumb.
 */
export function colourLevel(env: Readonly<Record<string, string | undefined>>, stream: { readonly isTTY?: boolean }): ColorSupportLevel {
  const forced = env['FORCE_COLOR'];
  if (forced !== undefined) {
    if (forced === '0' || forced === 'false') return 0;
    if (forced === '' || forced === 'true' || forced === '1') return 1;
    const level = Number.parseInt(forced, 10);
    if (level === 2 || level === 3) return level;
    return 1;
  }
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  if (stream.isTTY !== true || env['TERM'] === 'dumb') return 0;
  if (env['COLORTERM'] === 'truecolor' || env['COLORTERM'] === '24bit') return 3;
  if ((env['TERM'] ?? '').includes('256')) return 2;
  return 1;
}

/** Sets the colour level every colour on the dashboard follows (Ink draws through chalk). */
export function applyColourLevel(env: Readonly<Record<string, string | undefined>>, stream: { readonly isTTY?: boolean }): ColorSupportLevel {
  chalk.level = colourLevel(env, stream);
  return chalk.level;
}
