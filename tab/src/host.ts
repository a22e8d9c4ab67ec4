/**
 * The host the tab runs in. Inside Teams (framed, or a Teams mobile webview): teams-js gives the
 * context (theme, deep-link sub-page) and an SSO token for our API. In a plain browser nothing answers,
 * so initialisation is raced against a short timeout and the tab runs standalone — it never hangs
 * waiting for a host. teams-js is loaded only when Teams may be there: on import it fetches its list of
 * valid domains, which a plain browser has no use for.
 */

export type Theme = 'light' | 'dark' | 'contrast';

export interface Host {
  inTeams: boolean;
  theme: Theme;
  /** The Teams sub-page (subEntityId) the tab was opened with, e.g. `case/CHP-2026-000123`. */
  subPageId?: string;
  /** An Entra token for the API (Teams SSO); absent outside Teams. */
  getToken?: () => Promise<string>;
  onThemeChange(handler: (theme: Theme) => void): void;
}

/** How long to wait for Teams to answer before running standalone. */
export const TEAMS_INIT_TIMEOUT_MS = 2500;

export const themeFromTeams = (theme: string | undefined): Theme => (theme === 'dark' ? 'dark' : theme === 'contrast' ? 'contrast' : 'light');

function browserTheme(): Theme {
  const asked = new URLSearchParams(location.search).get('theme');
  if (asked === 'light' || asked === 'dark' || asked === 'contrast') return asked;
  if (window.matchMedia?.('(forced-colors: active)').matches) return 'contrast';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Teams frames the tab on desktop and web and injects a native interface on mobile; a plain browser does neither. */
function mayBeInTeams(): boolean {
  if (new URLSearchParams(location.search).get('host') === 'teams') return true;
  let framed: boolean;
  try {
    framed = window.self !== window.top;
  } catch {
    framed = true; // a cross-origin parent: certainly framed
  }
  return framed || 'nativeInterface' in window;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from Teams within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function standalone(): Host {
  return {
    inTeams: false,
    theme: browserTheme(),
    onThemeChange: (handler) => {
      const query = window.matchMedia?.('(prefers-color-scheme: dark)');
      query?.addEventListener?.('change', () => handler(browserTheme()));
    },
  };
}

export async function connectHost(timeoutMs = TEAMS_INIT_TIMEOUT_MS): Promise<Host> {
  if (!mayBeInTeams()) return standalone();
  try {
    const { app, authentication } = await import('@microsoft/teams-js');
    // Our own origin may host the tab too (its pages and tests); Teams' own origins are teams-js's list.
    await withTimeout(app.initialize([location.origin]), timeoutMs);
    const context = await withTimeout(app.getContext(), timeoutMs);
    app.notifySuccess();
    return {
      inTeams: true,
      theme: themeFromTeams(context.app.theme),
      subPageId: context.page.subPageId || undefined,
      getToken: () => withTimeout(authentication.getAuthToken(), 15_000),
      onThemeChange: (handler) => app.registerOnThemeChangeHandler((theme) => handler(themeFromTeams(theme))),
    };
  } catch {
    return standalone();
  }
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}
