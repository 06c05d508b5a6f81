import type { Dispatch } from 'react';
import type { NavAction } from '../../navigation.ts';
import type { SettingsSectionId } from '../../settings-sections.ts';

/**
 * Opens a project the account just got into (an accepted invitation, a redeemed promo code) on
 * top of Account Settings. Settings is first re-pointed at `section`, so Esc in the project
 * comes back to the section the user was in rather than the first one.
 */
export function openProjectFrom(dispatch: Dispatch<NavAction>, section: SettingsSectionId, project: { readonly id: string; readonly name: string }): void {
  dispatch({ type: 'replace', route: { name: 'settings', section } });
  dispatch({ type: 'push', route: { name: 'project', projectId: project.id, projectName: project.name } });
}
