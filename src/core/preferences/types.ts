import type { DmKind } from '../store/schema.ts';

export { DM_KINDS, type DmKind } from '../store/schema.ts';

/** Each kind of direct message in the words people choose them by, on the Slack Home tab and in the dashboard. */
export const DM_KIND_NAMES: Readonly<Record<DmKind, string>> = {
  announcement: 'Announcements',
  deprecation: 'Deprecations',
  migration: 'Migrations',
  limit: 'Project limits',
  invitation: 'Invitations',
  token_reminder: 'Token expiry reminders',
  project_reminder: 'Project reminders (membership end, MFA deadline)',
};

/** Which kinds of direct message reach the person in Slack: every kind, on (true) or off. */
export interface DmPreferences {
  readonly kinds: Readonly<Record<DmKind, boolean>>;
  /** ISO time of the last change; null while the person never changed anything (all on). */
  readonly updatedAt: string | null;
}

/** A change: the kinds named are turned on (true) or off (false); the others stay as they are. */
export type DmPreferencesChange = Partial<Record<DmKind, boolean>>;
