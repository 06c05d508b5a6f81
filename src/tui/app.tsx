import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, useApp } from 'ink';
import { currentRoute, initialNavState, navReducer, routeTitle, type Route } from './navigation.ts';
import { NavProvider, type Nav } from './nav-context.tsx';
import { LayoutProvider, QUIT_HINT, sameHints, type KeyHint, type LayoutValue } from './layout-context.tsx';
import { useTerminalSize } from './hooks/use-terminal-size.ts';
import { useUnreadCount } from './hooks/use-unread-count.ts';
import { Header } from './components/Header.tsx';
import { Footer } from './components/Footer.tsx';
import { TooSmall } from './components/TooSmall.tsx';
import { KeyHelp } from './components/KeyHelp.tsx';
import { LoginScreen, SIGN_IN_HINTS } from './screens/LoginScreen.tsx';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { ProjectScreen } from './screens/ProjectScreen.tsx';
import { SettingsScreen } from './screens/SettingsScreen.tsx';
import type { DemoCredentials } from './demo.ts';
import { useHideKeys, useKeys } from './keyboard.tsx';
import { useCore } from './context.tsx';
import { useSessionActivity } from './hooks/use-session-activity.ts';

/** The smallest terminal the dashboard lays out in, in columns and rows. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;
/** Rows the header and the footer take. */
const HEADER_ROWS = 2;
const FOOTER_ROWS = 1;

export interface AppProps {
  /** Demo login shown on the login screen (`npm start`); null on real data. */
  readonly demo: DemoCredentials | null;
  readonly onQuit?: (how: QuitKind) => void;
  /** Aborted when the terminal went away: ends the dashboard as quitting does (signing the session out). */
  readonly hangUp?: AbortSignal | undefined;
  /**
   * Ctrl+Z: gives the terminal back to the shell and stops the process until `fg`; settles once
   * resumed with the dashboard's screen entered again. Undefined where there is no shell to
   * return to (over SSH the dashboard runs in the server's process): Ctrl+Z does nothing there.
   */
  readonly suspend?: (() => Promise<void>) | undefined;
}

/** Time for the blank frame to reach the terminal before the process stops (Ink writes at most every 32 ms). */
const BLANK_FRAME_MS = 100;
/** How long the footer says why Ctrl+Z did nothing, in milliseconds. */
const NO_SUSPEND_NOTICE_MS = 5000;
/** What the footer says after Ctrl+Z where the dashboard cannot be suspended (over SSH). */
export const NO_SUSPEND_HINT: KeyHint = {
  key: 'Ctrl+Z',
  label: "does nothing here: the dashboard runs on the server, not in your shell (OpenSSH's Enter ~ Ctrl+Z suspends ssh itself)",
};

/** How the user left: `q`, Ctrl+C, or the terminal went away (an SSH client disconnected). */
export type QuitKind = 'quit' | 'interrupt' | 'hangup';

/** The whole dashboard: navigation state, the frame (header, body, footer) and the screen on top. */
export function App({ demo, onQuit, hangUp, suspend }: AppProps) {
  const { exit } = useApp();
  const [state, dispatch] = useReducer(navReducer, initialNavState);
  const route = currentRoute(state);
  // The screen on display: hints belong to the screen that reported them, and the footer shows
  // only the current screen's. A new screen reports its hints in an effect, after its first frame
  // was drawn: that frame (and, throttled, up to 33 ms of them) would otherwise carry the keys of
  // the screen before, which no longer work.
  const screen = screenKey(state.stack.length, route);
  const screenNow = useRef(screen);
  screenNow.current = screen;
  // The first screen is always the sign-in form: its hints are in the very first frame, not one
  // (throttled, ≥ 33 ms later) frame after its effect reported them.
  // `owner`: the view that reported the hints (see useKeyHints). A view reporting the hints already
  // shown only takes them over (no render, no frame); undefined: shown whoever has the keyboard.
  const [reported, setReported] = useState<{ readonly screen: string; readonly hints: readonly KeyHint[]; readonly owner: { current: object | undefined } }>({
    screen,
    hints: SIGN_IN_HINTS,
    owner: { current: undefined },
  });
  const hints = reported.screen === screen ? reported.hints : NO_HINTS;
  // Within a screen, the view that has the keyboard (see useKeyHints): hints whose view gave it up
  // are not drawn, from the very frame in which another view took over.
  const hintOwner = useRef<object | null>(null);
  const reportedOwner = reported.owner;
  const hintsVisible = useCallback(() => reportedOwner.current === undefined || hintOwner.current === reportedOwner.current, [reportedOwner]);
  const size = useTerminalSize();
  const core = useCore();
  const session = state.session;
  const account = useMemo(
    () => (session ? core.signedIn(session.token, { onEnded: (error) => dispatch({ type: 'logged-out', because: error.message }) }) : null),
    [core, session],
  );
  useSessionActivity(account);
  const unread = useUnreadCount(account);
  // Quitting signs the session out: its secret dies with this process, so nobody could use it again.
  const quit = useCallback(
    (how: QuitKind = 'quit') => {
      onQuit?.(how);
      if (account) void account.session.signOut().catch(() => undefined).finally(() => exit());
      else exit();
    },
    [exit, account, onQuit],
  );
  // A hang-up mid-form leaves nothing half done (each change is one core transaction) and no
  // session behind: it is signed out like a quit.
  useEffect(() => {
    if (!hangUp) return;
    const onAbort = () => quit('hangup');
    if (hangUp.aborted) onAbort();
    hangUp.addEventListener('abort', onAbort);
    return () => hangUp.removeEventListener('abort', onAbort);
  }, [hangUp, quit]);
  const [helpOpen, setHelpOpen] = useState(false);
  const showHelp = useCallback(() => setHelpOpen(true), []);
  const nav = useMemo<Nav>(() => ({ state, dispatch, quit, showHelp, account }), [state, quit, showHelp, account]);
  // The same hints again change nothing, so they cost no render (and no frame). Effects run after
  // the commit of the screen that reports, so `screenNow` is that screen.
  const setHints = useCallback((next: readonly KeyHint[], view?: object) => {
    const owner = screenNow.current;
    setReported((current) => {
      if (current.screen !== owner || !sameHints(current.hints, next)) return { screen: owner, hints: next, owner: { current: view } };
      // The same hints on screen already: they are now this view's.
      current.owner.current = view;
      return current;
    });
  }, []);

  // While suspended the screens are hidden (and kept, like everything shown once), so the frame
  // drawn after `fg` differs from the last one and Ink draws it whole on the re-entered screen.
  const [suspended, setSuspended] = useState(false);
  useEffect(() => {
    if (!suspended || !suspend) return;
    const timer = setTimeout(() => void suspend().finally(() => setSuspended(false)), BLANK_FRAME_MS);
    return () => clearTimeout(timer);
  }, [suspended, suspend]);
  const [noSuspend, setNoSuspend] = useState(false);
  useEffect(() => {
    if (!noSuspend) return;
    const timer = setTimeout(() => setNoSuspend(false), NO_SUSPEND_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [noSuspend]);
  useKeys(
    (input, key) => {
      if (!(key.ctrl && input === 'z')) return;
      if (suspend) setSuspended(true);
      else setNoSuspend(true);
    },
    { whileHidden: true },
  );

  const tooSmall = size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
  // One row short of the terminal: a frame as tall as the terminal makes Ink 6 clear the screen on every render.
  const height = size.rows - 1;
  const layout = useMemo<LayoutValue>(
    () => ({ bodyWidth: size.columns - 2, bodyHeight: height - HEADER_ROWS - FOOTER_ROWS, setHints, hintOwner }),
    [size.columns, height, setHints],
  );
  // Too small: the screens stay mounted but hidden and deaf, so nothing on them is lost (a token
  // or recovery codes shown once, a form half filled, the section open) and no key acts unseen.
  // The `?` list covers the screen the same way: its keys wait until the list is closed.
  useHideKeys(tooSmall || suspended || helpOpen);
  useKeys(
    (input, key) => {
      if (key.escape || input === '?') setHelpOpen(false);
      else if (input === 'q') quit();
    },
    { isActive: helpOpen && !tooSmall, whileHidden: true },
  );
  useKeys(
    (input) => {
      if (input === 'q') quit();
    },
    { isActive: tooSmall, whileHidden: true },
  );
  useKeys(
    (input, key) => {
      if (key.ctrl && input === 'c') quit('interrupt');
    },
    { whileHidden: true },
  );

  return (
    <NavProvider nav={nav}>
      <LayoutProvider value={layout}>
        <Box width={size.columns} height={height} flexDirection="column" overflow="hidden">
          {tooSmall && !suspended && <TooSmall columns={size.columns} rows={size.rows} minColumns={MIN_COLUMNS} minRows={MIN_ROWS} />}
          <Box display={tooSmall || suspended ? 'none' : 'flex'} flexDirection="column" flexGrow={1}>
              <Header email={state.session?.email ?? null} unread={unread} breadcrumb={state.stack.map(routeTitle)} />
              {/* Screens are laid out to the body's width (layout.bodyWidth), so only what is too tall is
                  cut here. A horizontal clip would make Ink slice every line of every frame to the
                  clip's width, which doubles what writing a line costs; the settings panel, whose
                  forms can be wider than it at 80 columns, clips both ways itself. */}
              <Box flexGrow={1} flexDirection="column" paddingX={1} overflowY="hidden">
                {helpOpen && <KeyHelp hints={hints} title={routeTitle(route)} />}
                <Box display={helpOpen ? 'none' : 'flex'} flexDirection="column" flexGrow={1}>
                  <Screen key={screen} route={route} demo={demo} />
                </Box>
              </Box>
              {helpOpen ? (
                <Footer hints={[{ key: 'Esc/?', label: 'close' }, QUIT_HINT]} />
              ) : noSuspend ? (
                <Footer hints={[NO_SUSPEND_HINT]} width={size.columns - 2} />
              ) : (
                // `?` works wherever `q` quits (see useGlobalKeys), so the footer offers it there.
                <Footer hints={hints} help={hints.some((hint) => hint.key === QUIT_HINT.key)} width={size.columns - 2} visible={hintsVisible} />
              )}
          </Box>
        </Box>
      </LayoutProvider>
    </NavProvider>
  );
}

const NO_HINTS: readonly KeyHint[] = [];

/** One key per screen shown: a new key mounts the screen afresh (and its hints start empty). */
const screenKey = (depth: number, route: Route): string => `${depth}:${route.name}`;

function Screen({ route, demo }: { readonly route: Route; readonly demo: DemoCredentials | null }) {
  switch (route.name) {
    case 'login':
      return <LoginScreen demo={demo} />;
    case 'home':
      return <HomeScreen />;
    case 'project':
      return <ProjectScreen key={route.projectId} projectId={route.projectId} />;
    case 'settings':
      return <SettingsScreen initialSection={route.section} />;
  }
}
