import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Pixels a QR module becomes in the image given to the decoder. */
const SCALE = 6;

/**
 * A QR code drawn as terminal lines (half blocks, dark = the drawn part, as on screen in black on
 * white) turned into a greyscale image, with no border of its own: only the quiet zone the lines
 * carry separates the code from the image's edge, as on a terminal with a dark background.
 */
function toPgm(lines: readonly string[]): Buffer {
  const width = Math.max(...lines.map((line) => [...line].length));
  const modules: boolean[][] = [];
  for (const line of lines) {
    const cells = [...line.padEnd(width)];
    modules.push(cells.map((cell) => cell === '█' || cell === '▀'));
    modules.push(cells.map((cell) => cell === '█' || cell === '▄'));
  }
  const pixelsWide = width * SCALE;
  const pixels = Buffer.alloc(pixelsWide * modules.length * SCALE);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      for (let dy = 0; dy < SCALE; dy++) pixels.fill(dark ? 0 : 255, (y * SCALE + dy) * pixelsWide + x * SCALE, (y * SCALE + dy) * pixelsWide + (x + 1) * SCALE);
    }),
  );
  return Buffer.concat([Buffer.from(`P5\n${pixelsWide} ${modules.length * SCALE}\n255\n`), pixels]);
}

/** What zbarimg (apt-get install zbar-tools) reads from the code; throws when it is missing or reads nothing. */
export function decodeQr(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kbc-qr-'));
  try {
    const file = join(dir, 'code.pgm');
    writeFileSync(file, toPgm(lines));
    const result = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file], { encoding: 'utf8' });
    if (result.error) throw new Error(`zbarimg is needed to decode QR codes (apt-get install zbar-tools): ${result.error.message}`);
    if (result.status !== 0) throw new Error(`zbarimg read no QR code (exit ${result.status}): ${result.stderr}`);
    return result.stdout.replace(/\n$/, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
