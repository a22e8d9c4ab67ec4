/**
 * The improvement actions page (learning from complaints): every action, overdue first with an
 * "Overdue" badge in words as well as colour, counts at the top, filters by status, service, owner and
 * overdue, and — for those whose roles allow it — proposing an action and working one through
 * (ImprovementDetail). Whoever may only read is told why, instead of meeting buttons that do nothing.
 * The rules (order, filters, who may, owners, working-day dates) are core's; the API applies them again.
 * Loaded in a chunk of its own (see Improvements.tsx).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { isOpenImprovement, matchesFilter, orderForWork, type ImprovementFilter } from '../../../core/improvement-order';
import type { ImprovementAbilities } from '../../../core/improvement-work';
import type { ImprovementAction, ImprovementStatus } from '../../../core/learning';
import type { Api } from '../api';
import { displayDate, plural } from '../format';
import { ErrorMessage } from './common';
import { ImprovementDetail, IMPROVEMENT_STATUS_WORDS } from './ImprovementDetail';
import { RecordForm, type RecordFormSpec } from './RecordForm';

export type ListedImprovement = ImprovementAction & { overdue: boolean };

export interface ImprovementOptions {
  today: string;
  earliestTargetDate: string;
  abilities: ImprovementAbilities;
  services: string[];
  owners: { userId: string; displayName: string }[];
  rootCauseCategories: string[];
}

/** A confirmation, shown where the change was made: at the top of the page, or in the opened action. */
export interface Confirmation {
  text: string;
  where: 'page' | 'detail';
}

type Loaded = { state: 'loading' } | { state: 'error'; error: Error } | { state: 'ok'; options: ImprovementOptions; items: ListedImprovement[] };

interface Filters {
  status: '' | 'open' | ImprovementStatus;
  service: string;
  owner: string;
  overdue: boolean;
}
const NO_FILTERS: Filters = { status: '', service: '', owner: '', overdue: false };

function toFilter(f: Filters): ImprovementFilter {
  return { status: f.status ? [f.status] : undefined, service: f.service || undefined, owner: f.owner || undefined, overdue: f.overdue || undefined };
}

const proposeForm = (options: ImprovementOptions): RecordFormSpec => ({
  id: 'improvement-new',
  title: 'Propose an improvement action',
  submit: 'Propose',
  fields: [
    { name: 'description', label: 'Improvement', kind: 'textarea', required: true, hint: 'What will change so the problem does not happen again.', missing: 'Describe the improvement: what will change.' },
    { name: 'service', label: 'Service', kind: 'select', required: true, choices: options.services.map((s) => [s, s]) },
    { name: 'rootCauseCategory', label: 'Root cause it addresses', kind: 'select', choices: options.rootCauseCategories.map((r) => [r, r]) },
    { name: 'owner', label: 'Owner', kind: 'select', required: true, choices: options.owners.map((p) => [p.userId, p.displayName]), hint: 'A member of staff who will follow it up until it is done.' },
    {
      name: 'targetDate',
      label: 'Target date',
      kind: 'date',
      required: true,
      hint: `A working day (Monday to Friday, not a holiday), from ${displayDate(options.earliestTargetDate)}.`,
    },
  ],
});

function Summary(props: { items: ListedImprovement[]; shown: number }) {
  const open = props.items.filter((a) => isOpenImprovement(a.status));
  const overdue = open.filter((a) => a.overdue).length;
  const waiting = open.filter((a) => a.status === 'proposed').length;
  const parts = [`${open.length} open`, `${overdue} overdue`, `${waiting} waiting for authorisation`];
  return (
    <p class="caseload-summary" id="improvements-summary">
      {parts.join(' · ')}
      {props.shown !== props.items.length && <span class="muted"> — showing {props.shown} of {plural(props.items.length, 'action')}</span>}
    </p>
  );
}

function FilterBar(props: { filters: Filters; options: ImprovementOptions; items: ListedImprovement[]; onChange: (f: Partial<Filters>) => void }) {
  const { filters, options } = props;
  // Staff who may own actions, and whoever (a team) already owns one.
  const owners = new Map(options.owners.map((p) => [p.userId, p.displayName]));
  for (const a of props.items) if (!owners.has(a.owner.id)) owners.set(a.owner.id, a.owner.kind === 'team' ? `${a.owner.displayName} (team)` : a.owner.displayName);
  const services = [...new Set([...options.services, ...props.items.map((a) => a.service)])].sort();
  return (
    <form class="filters" role="search" aria-label="Filter the improvement actions" onSubmit={(e) => e.preventDefault()}>
      <label class="field">
        <span>Status</span>
        <select name="status" value={filters.status} onChange={(e) => props.onChange({ status: e.currentTarget.value as Filters['status'] })}>
          <option value="">Any</option>
          <option value="open">Open (not completed or cancelled)</option>
          {Object.entries(IMPROVEMENT_STATUS_WORDS).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Service</span>
        <select name="service" value={filters.service} onChange={(e) => props.onChange({ service: e.currentTarget.value })}>
          <option value="">Any</option>
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Owner</span>
        <select name="owner" value={filters.owner} onChange={(e) => props.onChange({ owner: e.currentTarget.value })}>
          <option value="">Anyone</option>
          {[...owners].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input type="checkbox" name="overdue" checked={filters.overdue} onChange={(e) => props.onChange({ overdue: e.currentTarget.checked })} />
        <span>Overdue only</span>
      </label>
      {(filters.status || filters.service || filters.owner || filters.overdue) && (
        <button type="button" class="button subtle" onClick={() => props.onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
    </form>
  );
}

export function Confirmed(props: { text: string }) {
  return (
    <div class="message success" role="status" id="improvements-message">
      {props.text}
    </div>
  );
}

function ActionRows(props: { items: ListedImprovement[]; selected?: string; onOpen: (id: string) => void }) {
  return (
    <div class="table-wrap">
      <table class="grid" id="improvements-table">
        <caption class="sr-only">Improvement actions, overdue first, then by target date</caption>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Service</th>
            <th scope="col">Owner</th>
            <th scope="col">Target date</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span class="sr-only">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((a) => (
            <tr key={a.id} class={a.overdue ? 'row-red' : undefined} data-id={a.id}>
              <td>
                {a.description}
                {a.caseReferences.length > 0 && (
                  <div class="muted">
                    From{' '}
                    {a.caseReferences.map((r, i) => (
                      <span key={r}>
                        {i > 0 && ', '}
                        <a href={`#/case/${r}`}>{r}</a>
                      </span>
                    ))}
                  </div>
                )}
              </td>
              <td>{a.service}</td>
              <td>
                {a.owner.displayName}
                {a.owner.kind === 'team' && <span class="muted"> (team)</span>}
              </td>
              <td class="nowrap">{displayDate(a.targetDate)}</td>
              <td>
                {a.overdue && <span class="rag rag-red">Overdue</span>} <span class="status-words">{IMPROVEMENT_STATUS_WORDS[a.status] ?? a.status}</span>
                {a.completedOn && <span class="muted"> {displayDate(a.completedOn)}</span>}
              </td>
              <td class="nowrap">
                <button type="button" class="button subtle" aria-expanded={props.selected === a.id} aria-controls="improvement-detail" onClick={() => props.onOpen(a.id)}>
                  Open<span class="sr-only">: {a.description}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImprovementWork(props: { api: Api }) {
  const { api } = props;
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [version, setVersion] = useState(0);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [proposing, setProposing] = useState(false);
  const [selected, setSelected] = useState<string | undefined>();
  const [message, setMessage] = useState<Confirmation | undefined>();
  // Said once the list shows the change, not before.
  const saying = useRef<Confirmation | undefined>();

  useEffect(() => {
    let live = true;
    Promise.all([api.request<ImprovementOptions>('GET', '/improvements/options'), api.request<{ items: ListedImprovement[] }>('GET', '/improvements')])
      .then(([options, list]) => {
        if (!live) return;
        setLoaded({ state: 'ok', options, items: list.items });
        setMessage(saying.current);
        saying.current = undefined;
      })
      .catch((error: Error) => live && setLoaded({ state: 'error', error }));
    return () => {
      live = false;
    };
  }, [api, version]);

  const reload = (said: Confirmation) => {
    saying.current = said;
    setMessage(undefined);
    setVersion((v) => v + 1);
  };

  const head = (
    <div class="page-head">
      <h2 id="improvements-title">Improvement actions</h2>
      {loaded.state === 'ok' && loaded.options.abilities.propose && (
        <button type="button" class="button primary" id="improvement-propose" aria-expanded={proposing} onClick={() => setProposing(!proposing)}>
          {proposing ? 'Close the form' : 'Propose an improvement action'}
        </button>
      )}
    </div>
  );
  if (loaded.state !== 'ok') {
    return (
      <section aria-labelledby="improvements-title">
        {head}
        {loaded.state === 'loading' ? <p class="muted">Loading improvement actions…</p> : <ErrorMessage error={loaded.error} title="Improvement actions could not be loaded" />}
      </section>
    );
  }

  const { options, items } = loaded;
  const shown = orderForWork(
    items.filter((a) => matchesFilter(a, toFilter(filters), options.today)),
    options.today,
  );
  const current = items.find((a) => a.id === selected);

  async function propose(values: Record<string, string>): Promise<string> {
    const owner = options.owners.find((p) => p.userId === values.owner);
    const created = await api.request<ImprovementAction>('POST', '/improvements', {
      service: values.service,
      description: values.description,
      owner: { kind: 'officer', id: values.owner, displayName: owner?.displayName ?? values.owner },
      targetDate: values.targetDate,
      ...(values.rootCauseCategory ? { rootCauseCategory: values.rootCauseCategory } : {}),
    });
    const said = `Proposed: ${created.description}. ${options.abilities.authorise ? 'Authorise it when it is agreed.' : 'A manager authorises it next.'}`;
    setProposing(false);
    setSelected(created.id);
    reload({ text: said, where: 'page' });
    return said;
  }

  return (
    <section aria-labelledby="improvements-title">
      {head}
      <p class="muted">Actions agreed to learn from complaints, each with an owner and a target date. Overdue actions come first.</p>
      <Summary items={items} shown={shown.length} />
      {options.abilities.readOnlyReason && (
        <p class="message info" id="improvements-read-only">
          {options.abilities.readOnlyReason}
        </p>
      )}
      {message?.where === 'page' && <Confirmed text={message.text} />}
      {proposing && <RecordForm spec={proposeForm(options)} onSave={propose} />}
      <FilterBar filters={filters} options={options} items={items} onChange={(f) => setFilters({ ...filters, ...f })} />
      {items.length === 0 ? (
        <p class="empty">
          No improvement actions have been recorded yet.{options.abilities.propose ? ' Propose one above, or from a case’s Learning section.' : ''}
        </p>
      ) : shown.length === 0 ? (
        <p class="empty">No improvement actions match these filters.</p>
      ) : (
        <ActionRows items={shown} selected={selected} onOpen={(id) => setSelected(selected === id ? undefined : id)} />
      )}
      {current && (
        <ImprovementDetail
          key={current.id}
          api={api}
          action={current}
          options={options}
          confirmation={message?.where === 'detail' ? <Confirmed text={message.text} /> : undefined}
          onChanged={(text) => reload({ text, where: 'detail' })}
          onClose={() => {
            setSelected(undefined);
            setMessage(undefined);
          }}
        />
      )}
    </section>
  );
}
