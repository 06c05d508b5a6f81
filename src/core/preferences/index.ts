export { DM_KINDS, type DmKind, type DmPreferences, type DmPreferencesChange } from './types.ts';
export type { PreferencesService } from './service.ts';
