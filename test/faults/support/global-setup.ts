import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Gives every scenario a summary file and prints what they counted when the run ends (also when
 * a scenario failed, so a failing run still shows how far it got).
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'kbc-account-faults-'));
  const file = join(dir, 'summary.jsonl');
  writeFileSync(file, '');
  project.provide('faultsSummaryFile', file);
  const started = performance.now();
  return () => {
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { scenario: string; counts: Record<string, number | string> });
    const lines = rows.map(({ scenario, counts }) => `  ${scenario.padEnd(34)} ${Object.entries(counts).map(([key, value]) => `${key}=${value}`).join('  ')}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    process.stdout.write(`\nFault suite counts (${rows.length} scenarios, ${seconds} s):\n${lines.join('\n') || '  (no scenario recorded counts)'}\n\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
