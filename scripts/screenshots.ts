// Retakes the README's dashboard screenshots: `npm start`'s demo in a 100×32 tmux terminal (the
// tmux helper of the tests), walked through the screens the README shows, each captured with
// `capture-pane` and written between "### Screenshots" and the next "## " heading of README.md.
//
//   node --import tsx scripts/screenshots.ts
//
// It starts the demo over (data/demo is deleted first: the demo's data is seeded on first run),
// so the captures show the seeded data as a newcomer sees it. Needs tmux.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTmux, tmuxTerminal } from '../test/support/tmux.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const COLUMNS = 100;
const ROWS = 32;

requireTmux();
await rm(join(REPO, 'data', 'demo'), { recursive: true, force: true });
const term = tmuxTerminal({ columns: COLUMNS, rows: ROWS });
const shots: { title: string; screen: string; note: string | null }[] = [];

/** Waits for `ready` on screen, then keeps the screen under `title` (with `note` above it). */
async function shot(title: string, ready: RegExp, note: string | null = null): Promise<string> {
  const screen = await term.waitFor(ready);
  shots.push({ title, screen: screen.replace(/\s+$/, ''), note });
  return screen;
}

const QR_NOTE =
  'At 120×40: the code with its quiet zone needs 120×34 (79×24 cells of the panel for a short email), and a smaller terminal ' +
  'shows the secret as text with the size it would need. On screen the code is black on white, its quiet zone of 4 modules ' +
  'included (ISO/IEC 18004), so it scans on dark themes; test/tui/mfa.test.tsx decodes it with zbarimg (`apt-get install ' +
  'zbar-tools`) from the frame at 120×34, 120×40 and 160×50.';

try {
  term.type('node bin/kbc-account.js --demo');
  term.press('Enter');
  const signIn = await shot('Sign in (demo mode)', /Password: \S+/);
  const email = /Email: (\S+)/.exec(signIn)![1]!;
  const password = /Password: (\S+)/.exec(signIn)![1]!;
  term.type(email);
  term.press('Tab');
  term.type(password);
  term.press('Enter');
  await shot('Home', /Your projects[\s\S]*\? (more )?keys/);

  term.press('Enter');
  await shot('A project: members, limits and usage', /Limits & usage[\s\S]*\? (more )?keys/);

  term.press('s');
  await term.waitFor(/↑↓ section/);
  term.press('Enter');
  await shot('Account Settings › Account & Security', /Change password[\s\S]*Enter choose/);

  term.press('Down');
  term.press('Enter');
  // The QR code with its quiet zone of 4 modules needs 120×34: this one is taken at 120×40.
  term.resize(120, 40);
  await shot('Enabling MFA: the QR code', /█[\s\S]*Esc cancel/, QR_NOTE);
  term.resize(COLUMNS, ROWS);
  await term.waitFor(/A QR code needs/);
  term.press('Escape');
  await term.waitFor(/Change password/);
  term.press('Escape');
  await term.waitFor(/↑↓ section/);

  term.press('3');
  await term.waitFor(/n new token/);
  term.press('n');
  await term.waitFor(/New Management API token/);
  term.type('Screenshot for the README');
  term.press('Enter');
  term.press('Enter');
  await shot('A new token, shown once', /kbcm_[0-9A-Za-z]{36}/);
  term.press('Enter');
  await term.waitFor(/created/);
  term.press('Escape');
  await term.waitFor(/↑↓ section/);

  term.press('4');
  await shot('Notifications', /Notifications[\s\S]*a mark all read[\s\S]*\? (more )?keys/);
  term.press('Escape');
  await term.waitFor(/↑↓ section/);

  term.press('2');
  await shot('Invitations', /d decline/);
  term.press('Escape');
  await term.waitFor(/↑↓ section/);

  term.press('1');
  await term.waitFor(/Change password/);
  for (const line of ['Down', 'Down', 'Down', 'Down', 'Down']) term.press(line);
  term.press('Enter');
  await shot('Security activity', /Enter details/);
  term.press('q');
} finally {
  term.kill();
}

const section = [
  '### Screenshots',
  '',
  `Text captures of \`npm start\`'s demo data (tmux \`capture-pane\`, ${COLUMNS}×${ROWS}; colours are lost), made by`,
  '`node --import tsx scripts/screenshots.ts`, which starts the demo over and writes them here.',
  '',
  ...shots.flatMap(({ title, screen, note }) => [`<details><summary>${title}</summary>`, '', ...(note ? [note, ''] : []), '```', screen, '```', '', '</details>', '']),
].join('\n');
const readmePath = join(REPO, 'README.md');
const readme = await readFile(readmePath, 'utf8');
const start = readme.indexOf('### Screenshots');
const end = readme.indexOf('\n## ', start);
if (start < 0 || end < 0) throw new Error('README.md has no "### Screenshots" section followed by a "## " heading');
await writeFile(readmePath, `${readme.slice(0, start)}${section}${readme.slice(end)}`);
console.log(`${shots.length} screenshots written to README.md`);
