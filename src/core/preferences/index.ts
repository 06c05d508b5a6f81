export { DM_KINDS, DM_KIND_NAMES, type DmKind, type DmPreferences, type DmPreferencesChange } from './types.ts';
export type { PreferencesService } from './service.ts';
