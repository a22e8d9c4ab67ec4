/**
 * The organisation's settings — on first run the setup page an administrator lands on, later
 * "Organisation settings". One section per setting, each saved on its own (PUT /api/org/<section>),
 * each saying what the setting is for in the procedure's words. Loaded on demand (its own chunk), so
 * the caseload's first load does not carry it. Every rule is the API's; problems show beside the field.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Api, Me, OrgProfile, OrgServices, RoleAssignment } from '../api';
import { displayDate } from '../format';
import { ErrorMessage } from './common';
import { FieldControl, dateProblem } from './FieldControl';
import { Icon } from '../icons';
import { problemOf, SettingsSection, useSave } from './SettingsSection';
import { ServicesEditor } from './SettingsServices';
import { RolesEditor } from './SettingsRoles';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Loaded {
  profile: OrgProfile;
  services: OrgServices;
  population: { population: number; populationYear?: number };
  holidays: { localHolidays: string[] };
  roles: { roleAssignments: RoleAssignment[] };
}

function ProfileSection(props: { api: Api; value: OrgProfile; onSaved: (v: OrgProfile) => void }) {
  const [form, setForm] = useState({
    name: props.value.name,
    contact: props.value.contact ?? '',
    reportingYearStartMonth: String(props.value.reportingYearStartMonth),
    retentionYears: String(props.value.retentionYears),
  });
  const s = useSave<OrgProfile>(props.api, 'profile', props.onSaved);
  const set = (key: keyof typeof form) => (value: string) => (s.touched(), setForm({ ...form, [key]: value }));
  return (
    <SettingsSection
      id="settings-profile"
      title="Organisation, reporting year and retention"
      purpose={
        <>
          <p>The name is printed on the quarterly report to senior management and on the annual complaints performance report. The contact tells staff who sign in without a role how to reach you.</p>
          <p>The reporting year: the SPSO indicators are reported at least quarterly and in an annual report; the first month sets where the quarters and the year begin (April for most public bodies).</p>
          <p>Retention: complaint files are kept per your document retention policy — long enough to answer an SPSO investigation — and then disposed of, counted from the date the case closed. A legal hold keeps a file while an investigation is open.</p>
        </>
      }
      saving={s.saving}
      saved={s.saved}
      error={s.error}
      submit="Save organisation details"
      onSubmit={() =>
        void s.save({
          name: form.name,
          ...(form.contact.trim() ? { contact: form.contact } : {}),
          reportingYearStartMonth: Number(form.reportingYearStartMonth),
          retentionYears: form.retentionYears === '' ? Number.NaN : Number(form.retentionYears),
        })
      }
    >
      <div class="form-grid">
        <FieldControl id="org-name" name="name" label="Organisation name" kind="text" required value={form.name} onValue={set('name')} problem={problemOf(s.error, 'name')} wide />
        <FieldControl
          id="org-contact"
          name="contact"
          label="How staff reach the administrators"
          kind="textarea"
          hint="Shown to people who sign in but have no role yet, e.g. “the ICT service desk, ictservicedesk@example.gov.uk or extension 4400”."
          value={form.contact}
          onValue={set('contact')}
          problem={problemOf(s.error, 'contact')}
          wide
        />
        <FieldControl
          id="org-year-start"
          name="reportingYearStartMonth"
          label="First month of the reporting year"
          kind="select"
          required
          choices={MONTHS.map((m, i) => [String(i + 1), m])}
          value={form.reportingYearStartMonth}
          onValue={set('reportingYearStartMonth')}
          problem={problemOf(s.error, 'reportingYearStartMonth')}
        />
        <FieldControl
          id="org-retention"
          name="retentionYears"
          label="Keep closed cases for (years)"
          kind="number"
          required
          min={1}
          max={100}
          value={form.retentionYears}
          onValue={set('retentionYears')}
          problem={problemOf(s.error, 'retentionYears')}
        />
      </div>
    </SettingsSection>
  );
}

function PopulationSection(props: { api: Api; value: Loaded['population']; onSaved: (v: Loaded['population']) => void }) {
  const [population, setPopulation] = useState(String(props.value.population));
  const [year, setYear] = useState(props.value.populationYear ? String(props.value.populationYear) : '');
  const s = useSave<Loaded['population']>(props.api, 'population', props.onSaved);
  return (
    <SettingsSection
      id="settings-population"
      title="Population served"
      purpose={<p>Indicator 4 gives the total complaints received, also per 1,000 population. Give the population your organisation serves and the year of that estimate (for example the mid-year population estimate for your area).</p>}
      saving={s.saving}
      saved={s.saved}
      error={s.error}
      submit="Save population"
      onSubmit={() => void s.save({ population: population === '' ? Number.NaN : Number(population), ...(year ? { populationYear: Number(year) } : {}) })}
    >
      <div class="form-grid">
        <FieldControl id="org-population" name="population" label="Population" kind="number" required min={0} value={population} onValue={(v) => (s.touched(), setPopulation(v))} problem={problemOf(s.error, 'population')} />
        <FieldControl id="org-population-year" name="populationYear" label="Year of the estimate" kind="number" min={1900} value={year} onValue={(v) => (s.touched(), setYear(v))} problem={problemOf(s.error, 'populationYear')} />
      </div>
    </SettingsSection>
  );
}

function HolidaysSection(props: { api: Api; value: string[]; onSaved: (v: { localHolidays: string[] }) => void }) {
  const [dates, setDates] = useState(props.value);
  const [adding, setAdding] = useState('');
  const [addProblem, setAddProblem] = useState<string | undefined>();
  const s = useSave<{ localHolidays: string[] }>(props.api, 'local-holidays', (v) => (setDates(v.localHolidays), props.onSaved(v)));
  function add() {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(adding)) return setAddProblem(dateProblem(adding) ?? 'Enter a date to add, as dd/mm/yyyy.');
    if (dates.includes(adding)) return setAddProblem(`${displayDate(adding)} is already listed.`);
    setAddProblem(undefined);
    s.touched();
    setDates([...dates, adding].sort());
    setAdding('');
  }
  return (
    <SettingsSection
      id="settings-holidays"
      title="Local holidays and closure days"
      purpose={
        <p>
          Every time limit of the procedure is counted in working days: 5 for a stage 1 response, 20 for stage 2. Working days are Monday to Friday, except Scotland’s bank holidays and your organisation’s own closure days. List your local holidays here —
          a September weekend Monday, Easter Monday if you close — and the deadlines move past them.
        </p>
      }
      saving={s.saving}
      saved={s.saved}
      error={s.error}
      submit="Save local holidays"
      onSubmit={() => void s.save({ localHolidays: dates })}
    >
      {dates.length === 0 ? (
        <p class="muted">No local holidays: only Scotland’s bank holidays are closed.</p>
      ) : (
        <ul class="settings-list" aria-label="Local holidays">
          {dates.map((d) => (
            <li key={d}>
              <span>{displayDate(d)}</span>
              <button type="button" class="button subtle" aria-label={`Remove ${displayDate(d)}`} onClick={() => (s.touched(), setDates(dates.filter((x) => x !== d)))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="add-row">
        <FieldControl id="holiday-new" name="holiday" label="Add a closure day" kind="date" value={adding} onValue={setAdding} problem={addProblem ?? problemOf(s.error, 'localHolidays')} />
        <button type="button" class="button" onClick={add}>
          <Icon name="add" />
          Add date
        </button>
      </div>
    </SettingsSection>
  );
}

export default function Settings(props: { api: Api; me: Me; firstRun: boolean; onFinished: () => void }) {
  const { api } = props;
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [loadError, setLoadError] = useState<Error | undefined>();
  const [finishing, setFinishing] = useState(false);
  const [finishError, setFinishError] = useState<Error | undefined>();

  useEffect(() => {
    Promise.all([
      api.orgSection<OrgProfile>('profile'),
      api.orgSection<OrgServices>('services'),
      api.orgSection<Loaded['population']>('population'),
      api.orgSection<Loaded['holidays']>('local-holidays'),
      api.orgSection<Loaded['roles']>('role-assignments'),
    ])
      .then(([profile, services, population, holidays, roles]) => setLoaded({ profile, services, population, holidays, roles }))
      .catch((e: Error) => setLoadError(e));
  }, []);

  const update = <K extends keyof Loaded>(key: K) => (value: Loaded[K]) => setLoaded((l) => (l ? { ...l, [key]: value } : l));

  async function finish() {
    setFinishing(true);
    setFinishError(undefined);
    try {
      await api.finishSetup();
      props.onFinished();
    } catch (e) {
      setFinishError(e as Error);
      setFinishing(false);
    }
  }

  const name = loaded?.profile.name ?? props.me.org.name;
  return (
    <div class="settings">
      <div class="page-head">
        <h2>{props.firstRun ? `Set up complaints handling for ${name}` : 'Organisation settings'}</h2>
      </div>
      {props.firstRun ? (
        <p class="message info">
          Welcome. Before your staff start logging complaints, check each section below and save it: the organisation’s details, the services complaints are recorded against, the population for indicator 4, your local holidays, and who has
          which role. Then press <strong>Finish setup</strong>. You can change all of this later under Organisation settings.
        </p>
      ) : (
        <p class="muted">
          What the complaints handling procedure needs to know about {name}. Each section is saved on its own. Moving from another system? <a href="#/import-history">Import history from a previous system</a>.
        </p>
      )}
      {loadError && <ErrorMessage error={loadError} title="The settings could not be loaded" />}
      {!loaded && !loadError && <p class="muted">Loading the settings…</p>}
      {loaded && (
        <>
          <ProfileSection api={api} value={loaded.profile} onSaved={update('profile')} />
          <ServicesEditor api={api} value={loaded.services} onSaved={update('services')} />
          <PopulationSection api={api} value={loaded.population} onSaved={update('population')} />
          <HolidaysSection api={api} value={loaded.holidays.localHolidays} onSaved={update('holidays')} />
          <RolesEditor api={api} me={props.me} value={loaded.roles.roleAssignments} services={loaded.services} onSaved={update('roles')} />
          {props.firstRun && (
            <section class="card settings-section" aria-labelledby="settings-finish">
              <div class="card-head">
                <h3 id="settings-finish">Finish setup</h3>
              </div>
              <p>
                When the sections above are saved, finish the setup. {loaded.services.services.length === 0 ? 'Add at least one service first: every complaint is recorded against a service.' : ''}
              </p>
              <div class="buttons">
                <button type="button" class="button primary" disabled={finishing} onClick={() => void finish()}>
                  {finishing ? 'Finishing…' : 'Finish setup'}
                </button>
              </div>
              <div aria-live="polite">{finishError && <ErrorMessage error={finishError} title="Setup not finished" />}</div>
            </section>
          )}
        </>
      )}
    </div>
  );
}
