import { createContext, useContext, type Dispatch, type ReactNode } from 'react';
import type { AccountScope, Session } from '../core/index.ts';
import type { NavAction, NavState } from './navigation.ts';

export interface Nav {
  readonly state: NavState;
  readonly dispatch: Dispatch<NavAction>;
  /** Leaves the dashboard (restores the terminal). */
  readonly quit: () => void;
  /** Opens the `?` list of the current screen's keys. */
  readonly showHelp: () => void;
  /** What the signed-in user may do, through their session (null before sign-in). */
  readonly account: AccountScope | null;
}

const NavContext = createContext<Nav | null>(null);

export function NavProvider({ nav, children }: { readonly nav: Nav; readonly children: ReactNode }) {
  return <NavContext.Provider value={nav}>{children}</NavContext.Provider>;
}

/** Navigation state and actions; throws outside <NavProvider>. */
export function useNav(): Nav {
  const nav = useContext(NavContext);
  if (!nav) throw new Error('useNav() must be used inside <NavProvider>.');
  return nav;
}

/**
 * The signed-in user's calls, each checked against their session (screens after login only). A
 * call that finds the session ended returns the dashboard to the sign-in screen, saying why.
 */
export function useAccount(): AccountScope {
  const { account } = useNav();
  if (!account) throw new Error('useAccount() needs a logged-in account.');
  return account;
}

/** The logged-in account; throws when nobody is logged in (screens after login only). */
export function useSession(): Session {
  const { session } = useNav().state;
  if (!session) throw new Error('useSession() needs a logged-in account.');
  return session;
}
