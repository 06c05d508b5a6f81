import { createContext, useContext, type ReactNode } from 'react';
import type { Core } from '../core/index.ts';
import type { DataChanges } from './data-changes.ts';
import type { DashboardFront } from './front.ts';
import type { Clipboard } from './clipboard.ts';

/** Everything the dashboard's components need from outside, grouped in one object. */
export interface DashboardDeps {
  readonly core: Core;
  /** How often live data is re-read, in milliseconds. @default 2000 */
  readonly pollIntervalMs: number;
  /** Records an unexpected error with what was being done; shown to the user only as a generic failure. */
  readonly logError: (error: unknown, doing: string) => void;
  /** Fired after this dashboard changed data, so every live-data reader re-reads at once. */
  readonly changes: DataChanges;
  /** Through which front end and from where the person signs in. */
  readonly front: DashboardFront;
  /** The clipboard of the terminal the person sits at (OSC 52). */
  readonly clipboard: Clipboard;
  /** The terminal shows OSC 8 hyperlinks: links are drawn clickable. */
  readonly hyperlinks: boolean;
}

/** Default interval between re-reads of live data, in milliseconds. */
export const POLL_INTERVAL_MS = 2000;

const DashboardContext = createContext<DashboardDeps | null>(null);

export function DashboardProvider({ deps, children }: { readonly deps: DashboardDeps; readonly children: ReactNode }) {
  return <DashboardContext.Provider value={deps}>{children}</DashboardContext.Provider>;
}

/** The dashboard's dependencies; throws when used outside <DashboardProvider>. */
export function useDashboard(): DashboardDeps {
  const deps = useContext(DashboardContext);
  if (!deps) throw new Error('useDashboard() must be used inside <DashboardProvider>.');
  return deps;
}

/** Call after changing data outside useAction (which calls it itself): everything on screen re-reads now. */
export function useDataChanged(): () => void {
  return useDashboard().changes.notify;
}

/** The core; throws when used outside <DashboardProvider>. */
export function useCore(): Core {
  return useDashboard().core;
}
