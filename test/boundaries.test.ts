import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import-boundary check (`npm run lint:boundaries`) must really catch what it claims to:
 * dependency-cruiser runs with the project's own config over a fixture tree of allowed and
 * forbidden imports (test/fixtures/boundaries/src, excluded from tsc and vitest), then over the
 * real src/.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('fixtures/boundaries', import.meta.url));

async function violationsIn(baseDir: string): Promise<Map<string, string[]>> {
  const options = await extractDepcruiseOptions(`${ROOT}.dependency-cruiser.cjs`);
  const tsConfig = extractTSConfig(`${ROOT}tsconfig.json`);
  const { output } = await cruise(['src'], { ...options, tsConfig: { fileName: `${ROOT}tsconfig.json` }, baseDir, validate: true }, undefined, { tsConfig });
  const byFile = new Map<string, string[]>();
  for (const violation of (output as ICruiseResult).summary.violations) {
    byFile.set(violation.from, [...(byFile.get(violation.from) ?? []), violation.rule.name].sort());
  }
  return byFile;
}

describe('import boundaries', () => {
  let fixture: Map<string, string[]>;
  beforeAll(async () => {
    fixture = await violationsIn(FIXTURES);
  });

  it.each([
    ['src/tui/bad-lowdb.ts', 'front-end-imports-store-library'],
    ['src/tui/bad-dynamic.ts', 'front-end-imports-store-library'],
    ['src/cli/bad-steno.ts', 'front-end-imports-store-library'],
    ['src/cli/bad-pg.ts', 'front-end-imports-store-library'],
    ['src/slack/bad-store.ts', 'front-end-imports-core-internals'],
    ['src/slack/bad-type-import.ts', 'front-end-imports-core-internals'],
    ['src/core/bad-ink.ts', 'core-imports-front-end-library'],
    ['src/core/bad-bolt.ts', 'core-imports-front-end-library'],
    ['src/core/bad-front-end.ts', 'core-imports-front-end'],
    ['src/tui/bad-slack.ts', 'slack-and-tui-are-separate'],
    ['src/tui/bad-cli.ts', 'slack-and-tui-are-separate'],
    ['src/slack/bad-tui.ts', 'slack-and-tui-are-separate'],
  ])('flags %s with %s', (file, rule) => {
    expect(fixture.get(file)).toEqual([rule]);
  });

  it('flags an import cycle', () => {
    const cycle = [...fixture].filter(([, rules]) => rules.includes('no-circular')).map(([file]) => file);
    expect(cycle.length).toBeGreaterThan(0);
    expect(cycle.every((file) => /^src\/core\/cycle-[ab]\.ts$/.test(file))).toBe(true);
  });

  it("allows the public core entry, a front end's own files, Bolt in Slack, and the CLI starting both front ends", () => {
    const allowed = ['src/tui/ok.ts', 'src/tui/helper.ts', 'src/slack/ok.ts', 'src/slack/helper.ts', 'src/cli/ok.ts', 'src/core/index.ts'];
    expect(allowed.filter((file) => fixture.has(file))).toEqual([]);
  });

  it('finds no violation in the real src/', async () => {
    expect(Object.fromEntries(await violationsIn(ROOT))).toEqual({});
  });
});
