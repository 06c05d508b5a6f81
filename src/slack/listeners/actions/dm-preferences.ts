import { DM_KINDS, type DmKind } from '../../../core/index.ts';
import type { SlackDeps } from '../../context.ts';
import { firstAction, isRecord } from '../../payload.ts';
import { actionListener, finishChange, tell } from './action-context.ts';

/** The kinds ticked in a checkboxes action: only known kinds count; anything else is ignored. */
function tickedKinds(body: unknown): Set<DmKind> | null {
  const selected = firstAction(body)?.['selected_options'];
  if (!Array.isArray(selected)) return null;
  const kinds = new Set<DmKind>();
  for (const option of selected as unknown[]) {
    const value = isRecord(option) ? option['value'] : undefined;
    if (typeof value === 'string' && (DM_KINDS as readonly string[]).includes(value)) kinds.add(value as DmKind);
  }
  return kinds;
}

/**
 * The DM preferences checkboxes on the Home tab: every change saves the whole set (ticked: on,
 * unticked: off) through the core, then the Home tab is published again with a notice.
 */
export function dmPreferences(deps: SlackDeps) {
  return actionListener(deps, 'saving DM preferences', async (ctx) => {
    const ticked = tickedKinds(ctx.body);
    if (!ticked) {
      await tell(ctx, { tone: 'warning', text: 'That change named no choices. Nothing changed.' });
      return;
    }
    const change = Object.fromEntries(DM_KINDS.map((kind) => [kind, ticked.has(kind)]));
    const saved = await deps.core.preferences.setDm(ctx.account.id, change);
    const off = DM_KINDS.filter((kind) => !saved.kinds[kind]).length;
    const done = off === 0 ? 'Saved: every kind of message reaches you here.' : `Saved: ${off} kind${off === 1 ? '' : 's'} of message will not reach you here. The bell still shows everything.`;
    await finishChange(ctx, done, () => tell(ctx, { tone: 'success', text: done }));
  });
}
