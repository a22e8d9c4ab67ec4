/**
 * Improvement actions (learning from complaints) from one case, inside the case view: owner, target
 * date, status, overdue first, and proposing one. The page of every action is ImprovementWork.
 */
import { useEffect, useState } from 'preact/hooks';
import { isOverdueOn, orderForWork } from '../../../core/improvement-order';
import type { ImprovementStatus } from '../../../core/learning';
import { ApiError, type Api, type Case } from '../api';
import type { ActionForm, Lookups } from '../actions';
import { displayDate, londonToday } from '../format';
import { ActionFormView } from './ActionForm';
import { ErrorMessage } from './common';
import { lazyView } from './lazy';

export interface Improvement {
  id: string;
  caseReferences: string[];
  service: string;
  rootCauseCategory?: string;
  description: string;
  status: string;
  owner: { kind: 'officer' | 'team'; id: string; displayName: string };
  targetDate: string;
  completedOn?: string;
  /** Given by the server where it computes it; otherwise derived from status and target date below. */
  overdue?: boolean;
}

const STATUS_WORDS: Record<string, string> = {
  proposed: 'Proposed',
  authorised: 'Authorised',
  'in-progress': 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** Overdue: still open after its target date (the server's flag wins when it sends one). */
const isOverdue = (a: Improvement, today: string): boolean => a.overdue ?? isOverdueOn({ status: a.status as ImprovementStatus, targetDate: a.targetDate }, today);

type Loaded = { state: 'loading' } | { state: 'missing' } | { state: 'forbidden' } | { state: 'error'; error: Error } | { state: 'ok'; items: Improvement[] };

async function fetchImprovements(api: Api, query: string): Promise<Loaded> {
  try {
    const body = await api.request<Improvement[] | { items: Improvement[] }>('GET', `/improvements${query}`);
    return { state: 'ok', items: Array.isArray(body) ? body : (body?.items ?? []) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { state: 'missing' };
    if (error instanceof ApiError && error.status === 403) return { state: 'forbidden' };
    return { state: 'error', error: error as Error };
  }
}

function useImprovements(api: Api, query: string, version = 0): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    fetchImprovements(api, query).then((l) => live && setLoaded(l));
    return () => {
      live = false;
    };
  }, [api, query, version]);
  return loaded;
}

function ImprovementTable(props: { items: Improvement[]; showCases: boolean }) {
  const today = londonToday();
  return (
    <div class="table-wrap">
      <table class="grid">
        <thead>
          <tr>
            <th scope="col">Action</th>
            {props.showCases && <th scope="col">Cases</th>}
            <th scope="col">Service</th>
            <th scope="col">Owner</th>
            <th scope="col">Target date</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {orderForWork(props.items as (Improvement & { status: ImprovementStatus })[], today).map((a) => {
            const overdue = isOverdue(a, today);
            return (
              <tr key={a.id} class={overdue ? 'row-red' : undefined}>
                <td>{a.description}</td>
                {props.showCases && (
                  <td>
                    {a.caseReferences.length === 0
                      ? <span class="muted">From a trend</span>
                      : a.caseReferences.map((r, i) => (
                          <span key={r}>
                            {i > 0 && ', '}
                            <a href={`#/case/${r}`}>{r}</a>
                          </span>
                        ))}
                  </td>
                )}
                <td>{a.service}</td>
                <td>
                  {a.owner.displayName}
                  {a.owner.kind === 'team' && <span class="muted"> (team)</span>}
                </td>
                <td class="nowrap">{displayDate(a.targetDate)}</td>
                <td>
                  {overdue ? <span class="rag rag-red">Overdue</span> : null} {STATUS_WORDS[a.status] ?? a.status}
                  {a.completedOn && <span class="muted"> {displayDate(a.completedOn)}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The improvement actions page: list, filters, proposing and working actions through. In a chunk of its
 * own (ImprovementWork), so the forms add nothing to the tab's first load.
 */
export const Improvements = lazyView<{ api: Api }>(() => import('./ImprovementWork').then((m) => m.ImprovementWork), 'improvement actions');

/** Proposing an improvement action from a case: the manager who authorises it does so on the action. */
const PROPOSE_FORM: ActionForm = {
  label: 'Propose an improvement action',
  submit: 'Propose',
  intro: 'What will change so this does not happen again; a manager authorises it.',
  fields: [
    { name: 'description', label: 'Improvement', kind: 'textarea', required: true },
    { name: 'owner', label: 'Owner', kind: 'select', required: true, choices: (_c, l) => l.staff.map((p) => [p.userId, p.displayName]) },
    { name: 'targetDate', label: 'Target date', kind: 'date', required: true },
    {
      name: 'rootCauseCategory',
      label: 'Root cause it addresses',
      kind: 'select',
      choices: (_c, l) => l.rootCauseCategories.map((r) => [r, r]),
      initial: (c) => c.rootCause?.category ?? '',
    },
  ],
};

/** The improvement actions that came from one case, inside the case view. */
export function CaseImprovements(props: { api: Api; current: Case; lookups: Lookups; canPropose: boolean }) {
  const { api, current, lookups } = props;
  const [version, setVersion] = useState(0);
  const [proposing, setProposing] = useState(false);
  // Improvement actions are owned by staff who can follow them up (GET /improvements/options), not by every case owner.
  const [owners, setOwners] = useState<Lookups['staff'] | undefined>();
  const [ownersFailed, setOwnersFailed] = useState<Error | undefined>();

  async function openProposal() {
    setOwnersFailed(undefined);
    try {
      setOwners(owners ?? (await api.request<{ owners: Lookups['staff'] }>('GET', '/improvements/options')).owners);
      setProposing(true);
    } catch (error) {
      setOwnersFailed(error as Error);
    }
  }
  const loaded = useImprovements(api, `?case=${encodeURIComponent(current.reference)}`, version);
  if (loaded.state === 'loading' || loaded.state === 'missing' || loaded.state === 'forbidden') return null;
  if (loaded.state === 'error') return <ErrorMessage error={loaded.error} title="Improvement actions could not be loaded" />;

  async function propose(body: Record<string, unknown>) {
    const owner = (owners ?? lookups.staff).find((p) => p.userId === body.owner);
    await api.request('POST', '/improvements', {
      caseReferences: [current.reference],
      service: current.service,
      description: body.description,
      owner: { kind: 'officer', id: body.owner, displayName: owner?.displayName ?? String(body.owner) },
      targetDate: body.targetDate,
      ...(body.rootCauseCategory ? { rootCauseCategory: body.rootCauseCategory } : {}),
    });
    setProposing(false);
    setVersion((v) => v + 1);
  }

  return (
    <div class="sub">
      <div class="card-head">
        <h4>Improvement actions from this case</h4>
        {props.canPropose && !proposing && (
          <button type="button" class="button subtle" onClick={() => void openProposal()}>
            Propose one
          </button>
        )}
      </div>
      {ownersFailed && <ErrorMessage error={ownersFailed} title="The proposal form could not be opened" />}
      {proposing && <ActionFormView type="improvement" form={PROPOSE_FORM} current={current} lookups={{ ...lookups, staff: owners ?? [] }} onSend={propose} onCancel={() => setProposing(false)} />}
      {loaded.items.length === 0 ? <p class="muted">None yet.</p> : <ImprovementTable items={loaded.items} showCases={false} />}
    </div>
  );
}
