import type { IssuedLinkCode, Session } from '../core/index.ts';
import type { SettingsSectionId } from './settings-sections.ts';

/** One screen of the dashboard; the stack of routes is the way back. */
export type Route =
  | { readonly name: 'login' }
  | { readonly name: 'home' }
  | { readonly name: 'project'; readonly projectId: string; readonly projectName: string }
  | { readonly name: 'settings'; readonly section: SettingsSectionId };

export interface NavState {
  readonly session: Session | null;
  /** Why the last session ended, when it was not the user's own sign-out: shown on the sign-in screen. */
  readonly signedOutBecause: string | null;
  /** Never empty; the last route is the one on screen. */
  readonly stack: readonly Route[];
  /**
   * The Slack link code last issued in this session: kept here, not in the Slack section, so that
   * leaving the section and coming back shows it again while it is valid. Gone with the session.
   */
  readonly linkCode: IssuedLinkCode | null;
}

export type NavAction =
  | { readonly type: 'logged-in'; readonly session: Session }
  /** `because`: the session ended elsewhere (SESSION_ENDED's message), not by the user's own sign-out here. */
  | { readonly type: 'logged-out'; readonly because?: string }
  | { readonly type: 'push'; readonly route: Route }
  | { readonly type: 'pop' }
  | { readonly type: 'replace'; readonly route: Route }
  | { readonly type: 'link-code'; readonly code: IssuedLinkCode | null };

export const initialNavState: NavState = { session: null, signedOutBecause: null, stack: [{ name: 'login' }], linkCode: null };

function assertNever(value: never): never {
  throw new Error(`Unhandled navigation action: ${JSON.stringify(value)}`);
}

export function navReducer(state: NavState, action: NavAction): NavState {
  switch (action.type) {
    case 'logged-in':
      return { session: action.session, signedOutBecause: null, stack: [{ name: 'home' }], linkCode: null };
    case 'logged-out':
      // Several calls in flight may all find the session ended: the first one signs out.
      if (state.session === null) return state;
      return { ...initialNavState, signedOutBecause: action.because ?? null };
    case 'push':
      return { ...state, stack: [...state.stack, action.route] };
    case 'pop':
      // The first screen (login or home) has nowhere to go back to.
      return state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1) } : state;
    case 'replace':
      return { ...state, stack: [...state.stack.slice(0, -1), action.route] };
    case 'link-code':
      return { ...state, linkCode: action.code };
    default:
      return assertNever(action);
  }
}

/** The route on screen. */
export const currentRoute = (state: NavState): Route => state.stack[state.stack.length - 1] ?? { name: 'login' };

/** Short names of the routes on the stack, for the breadcrumb. */
export function routeTitle(route: Route): string {
  switch (route.name) {
    case 'login':
      return 'Sign in';
    case 'home':
      return 'Home';
    case 'project':
      return route.projectName;
    case 'settings':
      return 'Account Settings';
    default:
      return assertNever(route);
  }
}
