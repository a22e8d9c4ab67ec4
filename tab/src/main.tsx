/**
 * The Teams tab: caseload, case view, improvement actions, reports, and training and surveys. In
 * Teams it signs in with SSO and follows the Teams theme; in a plain browser it runs standalone with
 * the development sign-in (a demo-user picker) when the server offers it, and says so.
 */
import { Icon, type IconName } from './icons';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api, ApiError, NO_ORGANISATION, type CaseloadOptions, type DevUser, type Me } from './api';
import { applyTheme, connectHost, type Host } from './host';
import { routeFromHash, routeFromSubPage, useRoute, type Route } from './router';
import { Caseload } from './views/Caseload';
import { CaseView } from './views/CaseView';
import { Improvements } from './views/Improvements';
import { Reports } from './views/Reports';
import { ImprovementEffects, OpenSpsoCases } from './views/Learning';
import { Awareness } from './views/Awareness';
import { ErrorMessage } from './views/common';
import { lazyView } from './views/lazy';
import { NoRolePage, NotSetUpPage } from './views/Access';
import { roleLabel } from './format';

/** Used by one person in the organisation: loaded only when opened. */
const Templates = lazyView(() => import('./views/Templates').then((m) => m.Templates), 'letter templates');
const SubjectAccess = lazyView(() => import('./views/SubjectAccess').then((m) => m.SubjectAccess), 'subject access page');
const ImportHistory = lazyView(() => import('./views/ImportHistory').then((m) => m.ImportHistory), 'import page');
const RoleDefinitions = lazyView(() => import('./views/RoleDefinitions').then((m) => m.RoleDefinitions), 'roles and responsibilities');

const DEV_USER_KEY = 'chp-tab-dev-user';
const DEV_USER_COOKIE = 'chp-dev-user';

type Session =
  | { state: 'starting' }
  | { state: 'signed-in'; me: Me; devUsers?: DevUser[] }
  | { state: 'no-sign-in'; message: string }
  | { state: 'not-set-up'; detail: string }
  | { state: 'failed'; error: Error };

function rememberedDevUser(): string | undefined {
  try {
    return new URLSearchParams(location.search).get('devUser') ?? localStorage.getItem(DEV_USER_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function rememberDevUser(userId: string): void {
  try {
    localStorage.setItem(DEV_USER_KEY, userId);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
  // The cookie lets links the browser opens itself (report exports in a new tab) sign in the same way.
  document.cookie = `${DEV_USER_COOKIE}=${encodeURIComponent(userId)}; path=/; SameSite=Strict`;
}

async function signIn(api: Api, host: Host, wanted?: string): Promise<Session> {
  if (host.getToken) {
    await api.signInWithTokens(host.getToken);
    return { state: 'signed-in', me: await api.me() };
  }
  // Ask who the remembered user is while the list of demo users loads: one round trip instead of two.
  const guess = wanted ? new Api({ devUser: wanted }).me().catch(() => undefined) : Promise.resolve(undefined);
  let devUsers: DevUser[];
  try {
    devUsers = await api.devUsers();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 401)) {
      return { state: 'no-sign-in', message: 'Open this tab in Microsoft Teams to sign in: development sign-in is switched off on this server.' };
    }
    throw error;
  }
  if (devUsers.length === 0) return { state: 'no-sign-in', message: 'Development sign-in is on but there are no demo users; run the server with its demo data (npm start).' };
  const user = devUsers.find((u) => u.userId === wanted) ?? devUsers.find((u) => u.roles.includes('complaint-handler')) ?? devUsers[0];
  api.setCredentials({ devUser: user.userId });
  rememberDevUser(user.userId);
  const me = (user.userId === wanted ? await guess : undefined) ?? (await api.me());
  return { state: 'signed-in', me, devUsers };
}

function DevBanner(props: { me: Me; users: DevUser[]; onChoose: (userId: string) => void }) {
  const byOrg = new Map<string, DevUser[]>();
  for (const u of props.users) byOrg.set(u.orgName, [...(byOrg.get(u.orgName) ?? []), u]);
  return (
    <div class="dev-banner" role="region" aria-label="Development sign-in">
      <strong>Development sign-in</strong>
      <span>Running outside Teams with demo users — never use this in production.</span>
      <label>
        <span>Signed in as</span>
        <select value={props.me.userId} onChange={(e) => props.onChoose(e.currentTarget.value)}>
          {[...byOrg.entries()].map(([org, users]) => (
            <optgroup label={org} key={org}>
              {users.map((u) => (
                <option key={`${u.orgId}/${u.userId}`} value={u.userId}>
                  {u.displayName} — {u.roles.length > 0 ? u.roles.map(roleLabel).join(', ') : 'no role'}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The training records and surveys are read by those who record them and by those who read reports. */
const readsAwareness = (me: Me): boolean => ['training.record', 'survey.record', 'report.read'].some((p) => me.permissions.includes(p));

function Nav(props: { route: Route; me: Me }) {
  const can = (p: string) => props.me.permissions.includes(p);
  const links: [string, string, boolean, IconName][] = [
    ['#/', 'Caseload', props.route.name === 'caseload' || props.route.name === 'case', 'caseload'],
    ['#/improvements', 'Improvement actions', props.route.name === 'improvements', 'improvements'],
    ['#/reports', 'Reports', props.route.name === 'reports', 'reports'],
    ['#/awareness', 'Training and surveys', props.route.name === 'awareness', 'learning'],
    ['#/subject-access', 'Subject access', props.route.name === 'subject-access', 'privacy'],
    ['#/settings', 'Organisation settings', props.route.name === 'settings' || props.route.name === 'import-history', 'settings'],
    ['#/roles', 'Roles', props.route.name === 'roles', 'people'],
    ['#/templates', 'Letter templates', props.route.name === 'templates', 'document'],
  ];
  const improvements = ['improvement.create', 'improvement.update', 'improvement.authorise', 'report.read'].some(can);
  const shown = links.filter(([href]) =>
    href === '#/'
      ? can('case.read')
      : href === '#/reports'
        ? can('report.read')
        : href === '#/awareness'
          ? readsAwareness(props.me)
          : href === '#/subject-access'
            ? can('privacy.subject-access')
          : href === '#/settings'
            ? can('settings.manage')
            : href === '#/roles'
              ? true
              : href === '#/templates'
                ? can('correspondence.templates')
                : improvements,
  );
  return (
    <nav class="nav" aria-label="Sections">
      {shown.map(([href, words, current, icon]) => (
        <a key={href} href={href} class="nav-link" aria-current={current ? 'page' : undefined}>
          <Icon name={icon} />
          {words}
        </a>
      ))}
    </nav>
  );
}

type SettingsModule = typeof import('./views/Settings');
let settingsModule: Promise<SettingsModule> | undefined;

/** The settings page is its own chunk: only administrators load it, and only when they open it. */
function LazySettings(props: { api: Api; me: Me; firstRun: boolean; onFinished: () => void }) {
  const [loaded, setLoaded] = useState<SettingsModule | undefined>();
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => {
    settingsModule ??= import('./views/Settings');
    settingsModule.then(setLoaded, (e: Error) => {
      settingsModule = undefined;
      setError(e);
    });
  }, []);
  if (error) return <ErrorMessage error={error} title="The settings page could not be loaded" />;
  if (!loaded) return <p class="muted">Loading the settings…</p>;
  const Settings = loaded.default;
  return <Settings {...props} />;
}

function App(props: { host: Host }) {
  const { host } = props;
  const api = useMemo(() => new Api(), []);
  const [session, setSession] = useState<Session>({ state: 'starting' });
  const [options, setOptions] = useState<CaseloadOptions | undefined>();
  const route = useRoute();

  async function start(wanted?: string) {
    setOptions(undefined);
    try {
      const s = await signIn(api, host, wanted);
      setSession(s);
      // The caseload's first page loads meanwhile; these only fill the filters and forms.
      if (s.state === 'signed-in' && s.me.permissions.includes('case.read')) setOptions(await api.options());
    } catch (error) {
      // A Microsoft 365 organisation with no organisation in the service: say so and what to tell IT.
      if (error instanceof ApiError && error.code === NO_ORGANISATION) setSession({ state: 'not-set-up', detail: error.message });
      else setSession({ state: 'failed', error: error as Error });
    }
  }

  useEffect(() => {
    void start(rememberedDevUser());
    host.onThemeChange(applyTheme);
  }, []);

  useEffect(() => {
    document.getElementById('main')?.scrollTo?.(0, 0);
  }, [route]);

  if (session.state === 'starting') return <p class="splash muted">Signing you in…</p>;
  if (session.state === 'no-sign-in') {
    return (
      <main id="main" class="splash">
        <h1>Complaints</h1>
        <p>{session.message}</p>
      </main>
    );
  }
  if (session.state === 'not-set-up') {
    return (
      <main id="main" class="splash">
        <h1>Complaints</h1>
        <NotSetUpPage detail={session.detail} />
      </main>
    );
  }
  if (session.state === 'failed') {
    return (
      <main id="main" class="splash">
        <h1>Complaints</h1>
        <ErrorMessage error={session.error} title="You could not be signed in" />
        <button type="button" class="button" onClick={() => void start(rememberedDevUser())}>
          Try again
        </button>
      </main>
    );
  }

  const { me } = session;
  const readsCases = me.permissions.includes('case.read');
  const administers = me.permissions.includes('settings.manage');
  // An administrator of an organisation not yet set up lands on the setup page, whatever the address.
  const firstRun = administers && me.org.setupCompleted === false;
  // Someone who cannot read cases starts on the first page they can use (a training officer: the training records).
  const firstPage: Route | undefined = me.permissions.includes('report.read')
    ? { name: 'reports' }
    : readsAwareness(me)
      ? { name: 'awareness' }
      : administers
        ? { name: 'settings' }
        : undefined;
  const effective: Route = firstRun ? { name: 'settings' } : route.name === 'caseload' && !readsCases && firstPage ? firstPage : route;
  return (
    <div class="app">
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      {session.devUsers && <DevBanner me={me} users={session.devUsers} onChoose={(id) => void start(id)} />}
      <header class="topbar">
        <h1>Complaints</h1>
        {!me.noRole && !firstRun && <Nav route={effective} me={me} />}
        <span class="who">
          {me.displayName} · {me.org.name}
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {me.noRole ? (
          <NoRolePage notice={me.noRole} displayName={me.displayName} />
        ) : effective.name === 'settings' ? (
          administers ? (
            <LazySettings key={me.userId} api={api} me={me} firstRun={firstRun} onFinished={() => void start(session.devUsers ? me.userId : undefined)} />
          ) : (
            <p>Only administrators change the organisation settings.</p>
          )
        ) : effective.name === 'import-history' ? (
          administers ? <ImportHistory key={me.userId} api={api} /> : <p>Only administrators import history from a previous system.</p>
        ) : effective.name === 'roles' ? (
          <RoleDefinitions key={me.userId} api={api} me={me} />
        ) : effective.name === 'case' ? (
          <CaseView
            key={`${me.userId}/${effective.reference}`}
            api={api}
            reference={effective.reference}
            options={options}
            canProposeImprovements={me.permissions.includes('improvement.create')}
            canReadAccessLog={me.permissions.includes('privacy.access-log.read')}
            canWriteToCustomer={me.permissions.includes('case.update')}
            canExportCaseFile={me.permissions.includes('case.file.export')}
          />
        ) : effective.name === 'improvements' ? (
          <>
            <Improvements key={me.userId} api={api} />
            {me.permissions.includes('report.read') && <ImprovementEffects api={api} />}
          </>
        ) : effective.name === 'awareness' ? (
          readsAwareness(me) ? <Awareness key={me.userId} api={api} me={me} /> : <p>Your roles do not include training records or surveys.</p>
        ) : effective.name === 'templates' ? (
          me.permissions.includes('correspondence.templates') ? <Templates key={me.userId} api={api} /> : <p>Your roles do not include editing letter templates; ask your complaints manager.</p>
        ) : effective.name === 'subject-access' ? (
          me.permissions.includes('privacy.subject-access') ? <SubjectAccess key={me.userId} api={api} /> : <p>Your roles do not include subject access requests; ask your complaints manager.</p>
        ) : effective.name === 'reports' ? (
          me.permissions.includes('report.read') ? (
            <>
              <Reports key={me.userId} api={api} />
              {me.permissions.includes('case.spso') && <OpenSpsoCases api={api} />}
            </>
          ) : (
            <p>Your roles do not include reading reports.</p>
          )
        ) : (
          <Caseload key={me.userId} api={api} options={options} />
        )}
      </main>
    </div>
  );
}

async function boot(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  const host = await connectHost();
  applyTheme(host.theme);
  document.documentElement.dataset.host = host.inTeams ? 'teams' : 'browser';
  // A Teams deep link (subEntityId "case/CHP-…") opens that case unless the address already names a page.
  const fromTeams = routeFromSubPage(host.subPageId);
  if (fromTeams && routeFromHash(location.hash).name === 'caseload') location.hash = fromTeams;
  render(<App host={host} />, root);
  // Fluent's buttons and menus arrive in a chunk of their own once the browser is idle, off the path of
  // the caseload's first rows (the caseload uses none; until then the case page's buttons work as plain ones).
  const later = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
  later(() => void import('./fluent'), { timeout: 1500 });
}

void boot();
