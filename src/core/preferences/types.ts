import type { DmKind } from '../store/schema.ts';

export { DM_KINDS, type DmKind } from '../store/schema.ts';

/** Which kinds of direct message reach the person in Slack: every kind, on (true) or off. */
export interface DmPreferences {
  readonly kinds: Readonly<Record<DmKind, boolean>>;
  /** ISO time of the last change; null while the person never changed anything (all on). */
  readonly updatedAt: string | null;
}

/** A change: the kinds named are turned on (true) or off (false); the others stay as they are. */
export type DmPreferencesChange = Partial<Record<DmKind, boolean>>;
