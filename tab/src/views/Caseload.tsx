/**
 * The caseload: views by role (my cases / my team / all) and, for managers, the final positions
 * waiting for their sign-off; open cases unless the status filter says otherwise; counts at the top
 * and on each view; filters, server-side sort and paging with continuation tokens (the tab never
 * loads the whole caseload). RAG and working days left come from the API. "New complaint" opens the
 * logging form (loaded on demand: most visits never log one).
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api, CaseloadCounts, CaseloadItem, CaseloadList, CaseloadOptions, CaseloadQuery, CaseloadSort } from '../api';
import { customerLabel, daysLeftText, displayDate, plural, STATUS_WORDS, VIEW_WORDS } from '../format';
import { ErrorMessage, RagBadge } from './common';
import { Icon } from '../icons';
import type { NewComplaintProps } from './NewComplaint';

type SortKey = CaseloadSort;

interface Filters {
  stage: '' | '1' | '2';
  service: string;
  status: string;
  owner: string;
  overdue: boolean;
  text: string;
  sort: SortKey;
}

/** Open cases by default: closed ones are behind the status filter. */
const EMPTY: Filters = { stage: '', service: '', status: 'open', owner: '', overdue: false, text: '', sort: 'due' };
const PAGE_SIZE = 25;

/** The columns, in order; `sort` makes the heading a sort button ("Days left" orders as the due date does). */
const COLUMNS: { title: string; sort?: SortKey; className?: string }[] = [
  { title: 'Reference', sort: 'reference' },
  { title: 'Customer' },
  { title: 'Service', sort: 'service' },
  { title: 'Status' },
  { title: 'Owner', sort: 'owner' },
  { title: 'Received', sort: 'received', className: 'col-received' },
  { title: 'Due', sort: 'due' },
  { title: 'Days left', sort: 'due' },
  { title: 'RAG' },
];
const SORT_WORDS: Record<SortKey, string> = {
  due: 'due date, soonest first',
  received: 'date received, newest first',
  reference: 'reference',
  // The store orders by the owner's user id: each person's cases together, unassigned first (not alphabetical by name).
  owner: 'owner, each person’s cases together',
  service: 'service',
};

const LIST_WORDS: Record<CaseloadList, string> = { ...VIEW_WORDS, signoff: 'Waiting for my sign-off' } as Record<CaseloadList, string>;

/** What an empty list means when no filter is set. */
const EMPTY_VIEW_WORDS: Record<CaseloadList, string> = {
  mine: 'You have no open cases assigned to you.',
  team: 'There are no open cases in your services.',
  all: 'There are no open cases.',
  signoff: 'Nothing is waiting for your sign-off.',
};

/** Caseload state survives going to a case and back within the session. */
let remembered: { view?: CaseloadList; filters: Filters } = { filters: EMPTY };

/** "2 overdue · 1 due soon · 1 waiting for your sign-off", leaving out what is nought. */
function summaryWords(counts: CaseloadCounts | undefined, view: CaseloadList | undefined): string | undefined {
  if (!counts || !view) return undefined;
  const shown = view === 'signoff' ? counts.signoff : counts.views[view];
  const parts = [shown?.overdue ? `${shown.overdue} overdue` : '', shown?.dueSoon ? `${shown.dueSoon} due soon` : '', counts.signoff?.open ? `${counts.signoff.open} waiting for your sign-off` : ''];
  const said = parts.filter(Boolean);
  return said.length > 0 ? said.join(' · ') : shown ? 'Nothing overdue or due soon.' : undefined;
}

export function Caseload(props: { api: Api; options: CaseloadOptions | undefined }) {
  const { api, options } = props;
  const [view, setView] = useState<CaseloadList | undefined>(remembered.view);
  const [filters, setFilters] = useState<Filters>(remembered.filters);
  const [searchText, setSearchText] = useState(remembered.filters.text);
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const [items, setItems] = useState<CaseloadItem[] | undefined>();
  const [shownView, setShownView] = useState<CaseloadList | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [total, setTotal] = useState<number | undefined>();
  const [counts, setCounts] = useState<CaseloadCounts | undefined>();
  /** The new-complaint form, once loaded and open. */
  const [form, setForm] = useState<((props: NewComplaintProps) => JSX.Element) | undefined>();
  const [formOpening, setFormOpening] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);
  /** Set by the pager: once the page it asked for is shown, scroll back to the table's top. */
  const scrollToTable = useRef(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<Error | undefined>();
  const [requestInFlight, setRequestInFlight] = useState(false);
  /** The query the rows on screen answer (view, filters, page); they are stale while it differs from the one asked for. */
  const [shownQuery, setShownQuery] = useState<string | undefined>();
  const request = useRef(0);
  const tableRef = useRef<HTMLTableElement>(null);

  // Until the person picks a view, the server's default (their first view) is asked for and shown.
  const activeView = view ?? shownView;
  const pageIndex = pages.length - 1;
  const askedQuery = JSON.stringify([view, filters, pages[pageIndex]]);
  // Busy from the very render that asks for other rows, not only once the request has started:
  // the page number and the rows under it never disagree, even for a moment.
  const loading = requestInFlight || shownQuery !== askedQuery;

  useEffect(() => {
    remembered = { view, filters };
  }, [view, filters]);

  useEffect(() => {
    const id = ++request.current;
    setRequestInFlight(true);
    const query: CaseloadQuery = {
      view: activeView,
      stage: filters.stage || undefined,
      service: filters.service || undefined,
      status: filters.status || undefined,
      owner: filters.owner || undefined,
      overdue: filters.overdue || undefined,
      text: filters.text.trim() || undefined,
      sort: filters.sort,
      limit: PAGE_SIZE,
      continuation: pages[pageIndex],
    };
    api
      .caseload(query)
      .then((page) => {
        if (id !== request.current) return;
        setShownQuery(askedQuery);
        setItems(page.items);
        setShownView(page.view);
        setNext(page.continuation);
        setTotal(page.total);
        setError(undefined);
      })
      .catch((e: Error) => {
        if (id !== request.current) return;
        // Answered, with a refusal: the error is shown over the rows of the last query that worked.
        setShownQuery(askedQuery);
        setError(e);
      })
      .finally(() => id === request.current && setRequestInFlight(false));
  }, [api, view, filters, pages]);

  // A list remembered from another person (the development sign-in switches people) may not be this one's.
  useEffect(() => {
    if (!options || !view) return;
    const theirs: CaseloadList[] = [...options.views, ...(options.signOffQueue ? ['signoff' as const] : [])];
    if (!theirs.includes(view)) chooseView(undefined);
  }, [options]);

  // Counts for the summary and the view buttons: once, after the first rows (they must not hold those up);
  // they do not depend on the filters.
  const countsAsked = useRef(false);
  useEffect(() => {
    if (!items || countsAsked.current) return;
    countsAsked.current = true;
    api.caseloadCounts().then(setCounts, () => setCounts(undefined));
  }, [api, items]);

  useEffect(() => {
    if (!scrollToTable.current || loading) return;
    scrollToTable.current = false;
    wrapRef.current?.scrollIntoView({ block: 'start' });
  }, [loading]);

  // Search as you type, once typing pauses.
  useEffect(() => {
    if (searchText === filters.text) return;
    const timer = setTimeout(() => change({ text: searchText }), 300);
    return () => clearTimeout(timer);
  }, [searchText]);

  function change(patch: Partial<Filters>) {
    setFilters((f) => ({ ...f, ...patch }));
    setPages([undefined]);
  }

  function clearFilters() {
    setSearchText('');
    change({ ...EMPTY, sort: filters.sort });
  }

  function chooseView(v: CaseloadList | undefined) {
    setView(v);
    setPages([undefined]);
  }

  function turnPage(to: 'next' | 'previous') {
    scrollToTable.current = true;
    setPages((p) => (to === 'next' ? [...p, next] : p.slice(0, -1)));
  }

  async function openForm() {
    setFormOpening(true);
    try {
      const { NewComplaint } = await import('./NewComplaint');
      setForm(() => NewComplaint);
    } catch (e) {
      setError(e as Error);
    } finally {
      setFormOpening(false);
    }
  }

  function closeForm() {
    setForm(undefined);
    setTimeout(() => newButton.current?.focus());
  }

  /** Up and down arrows move between rows' reference links; Home and End jump to the first and last. */
  function onTableKey(event: KeyboardEvent) {
    const links = Array.from(tableRef.current?.querySelectorAll<HTMLAnchorElement>('tbody a.case-link') ?? []);
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    links[Math.max(0, Math.min(links.length - 1, to))]?.focus();
  }

  if (options?.views.length === 0) return <p>Your roles do not include reading cases; the reports are open to you instead.</p>;

  const lists: CaseloadList[] = [...(options?.views ?? (activeView && activeView !== 'signoff' ? [activeView] : [])), ...(options?.signOffQueue ? ['signoff' as const] : [])];
  const otherViews = lists.filter((v) => v !== activeView);
  const activeFilters = filters.stage || filters.service || filters.status !== EMPTY.status || filters.owner || filters.overdue || filters.text;
  const countOf = (list: CaseloadList) => (list === 'signoff' ? counts?.signoff : counts?.views[list])?.open;
  const summary = summaryWords(counts, activeView);
  const first = pageIndex * PAGE_SIZE + 1;
  const Form = form;

  return (
    <section aria-labelledby="caseload-title">
      <div class="page-head">
        <h2 id="caseload-title">Caseload</h2>
        <div class="segmented" role="group" aria-label="Which cases">
          {lists.map((v) => (
            <button type="button" key={v} class="seg" aria-pressed={v === activeView} onClick={() => chooseView(v)}>
              {LIST_WORDS[v]}
              {countOf(v) !== undefined && (
                <span class="seg-count">
                  <span class="sr-only">, open cases: </span>
                  {countOf(v)}
                </span>
              )}
            </button>
          ))}
        </div>
        {options?.canLog && (
          <button type="button" class="button primary new-complaint" ref={newButton} aria-expanded={Form !== undefined} disabled={formOpening} onClick={() => (Form ? closeForm() : void openForm())}>
            <Icon name="add" />
            New complaint
          </button>
        )}
      </div>
      {summary && (
        <p class="caseload-summary" id="caseload-summary">
          {summary}
        </p>
      )}
      {Form && <Form api={api} services={options?.services ?? []} onCancel={closeForm} onLogged={(reference) => (location.hash = `#/case/${reference}`)} />}

      <form class="filters" role="search" aria-label="Filter the caseload" onSubmit={(e) => e.preventDefault()}>
        <label class="field grow">
          <span>Search</span>
          <input type="search" name="text" value={searchText} placeholder="Reference or customer" onInput={(e) => setSearchText(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Stage</span>
          <select name="stage" value={filters.stage} onChange={(e) => change({ stage: e.currentTarget.value as Filters['stage'] })}>
            <option value="">Any</option>
            <option value="1">Stage 1</option>
            <option value="2">Stage 2</option>
          </select>
        </label>
        <label class="field">
          <span>Status</span>
          <select name="status" value={filters.status} onChange={(e) => change({ status: e.currentTarget.value })}>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
            <option value="">Any</option>
            {Object.entries(STATUS_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Service</span>
          <select name="service" value={filters.service} onChange={(e) => change({ service: e.currentTarget.value })}>
            <option value="">Any</option>
            {(options?.services ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            {(options?.retiredServices ?? []).length > 0 && (
              <optgroup label="Retired services">
                {(options?.retiredServices ?? []).map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        {activeView !== 'mine' && activeView !== 'signoff' && (
          <label class="field">
            <span>Owner</span>
            <select name="owner" value={filters.owner} onChange={(e) => change({ owner: e.currentTarget.value })}>
              <option value="">Anyone</option>
              {(options?.staff ?? []).map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.displayName}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="check">
          <input type="checkbox" name="overdue" checked={filters.overdue} onChange={(e) => change({ overdue: e.currentTarget.checked })} />
          <span>Overdue only</span>
        </label>
        <label class="field">
          <span>Sort by</span>
          <select name="sort" value={filters.sort} onChange={(e) => change({ sort: e.currentTarget.value as SortKey })}>
            {Object.entries(SORT_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words.charAt(0).toUpperCase() + words.slice(1)}
              </option>
            ))}
          </select>
        </label>
        {activeFilters && (
          <button
            type="button"
            class="button subtle"
            onClick={clearFilters}
          >
            Clear filters
          </button>
        )}
      </form>

      {error && <ErrorMessage error={error} />}
      <p class="sr-only" role="status" aria-live="polite">
        {loading ? 'Loading cases…' : items ? `${plural(items.length, 'case')} shown of ${total ?? items.length}, page ${pageIndex + 1}, sorted by ${SORT_WORDS[filters.sort]}.` : ''}
      </p>

      <div class="table-wrap" aria-busy={loading} data-view={shownView} ref={wrapRef}>
        <table class="grid" ref={tableRef} onKeyDown={onTableKey} aria-describedby="caseload-help">
          <caption id="caseload-help" class="sr-only">
            {LIST_WORDS[activeView ?? 'all']}. Use the up and down arrow keys to move between cases and Enter to open one.
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => {
                const key = column.sort;
                if (!key) return <th scope="col" key={column.title} class={column.className}>{column.title}</th>;
                const active = filters.sort === key;
                const descending = key === 'received';
                return (
                  <th scope="col" key={column.title} class={column.className} aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}>
                    <button type="button" class="sort" onClick={() => change({ sort: key })} title={`Sort by ${SORT_WORDS[key]}`}>
                      {column.title}
                      <span aria-hidden="true">{active ? (descending ? ' ▼' : ' ▲') : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {items?.map((item) => (
              <tr key={item.reference} class={item.clock?.rag === 'red' ? 'row-red' : undefined}>
                <td>
                  <a class="case-link" href={`#/case/${item.reference}`}>
                    {item.reference}
                  </a>
                </td>
                <td class={item.customer.name && !item.customer.anonymous ? undefined : 'muted'}>{customerLabel(item.customer)}</td>
                <td>
                  {item.service}
                  {item.contractor && (
                    <small class="sub-line muted" title={item.contractor.kind === 'aleo' ? 'Arm’s-length external organisation' : 'Contractor'}>
                      {item.contractor.kind === 'aleo' ? 'ALEO' : 'Contractor'}: {item.contractor.name}
                    </small>
                  )}
                </td>
                <td>{STATUS_WORDS[item.status] ?? item.status}</td>
                <td class={item.owner ? undefined : 'muted'}>{item.owner?.displayName ?? 'Unassigned'}</td>
                <td class="nowrap col-received">{displayDate(item.receivedOn)}</td>
                <td class="nowrap">{displayDate(item.clock?.due)}</td>
                <td class="num">{daysLeftText(item.clock)}</td>
                <td>{item.clock ? <RagBadge rag={item.clock.rag} /> : <span class="muted">Closed</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {items && items.length === 0 && (
          <div class="empty" role="status">
            <p>
              <strong>{pageIndex > 0 ? 'No more cases.' : activeFilters ? 'No cases match these filters.' : EMPTY_VIEW_WORDS[shownView ?? 'all']}</strong>
            </p>
            {activeFilters ? (
              <button type="button" class="button" onClick={clearFilters}>
                Clear filters
              </button>
            ) : (
              otherViews.length > 0 && (
                <p class="empty-views">
                  <span class="muted">Look in</span>
                  {otherViews.map((v) => (
                    <button type="button" key={v} class="button subtle" onClick={() => chooseView(v)}>
                      {LIST_WORDS[v]}
                    </button>
                  ))}
                </p>
              )
            )}
          </div>
        )}
      </div>

      {/* No pager on an empty list; past the first page it stays, to go back. */}
      {items && (items.length > 0 || pageIndex > 0) && (
        <nav class="pager" aria-label="Pages">
          <button type="button" class="button" disabled={pageIndex === 0 || loading} onClick={() => turnPage('previous')}>
            Previous page
          </button>
          {items.length > 0 && (
            <span class="pager-range">
              {first}–{first + items.length - 1} of {total ?? '…'}
            </span>
          )}
          <button type="button" class="button" disabled={!next || loading || (total !== undefined && first + items.length - 1 >= total)} onClick={() => turnPage('next')}>
            Next page
          </button>
        </nav>
      )}
      <p class="legend muted">
        Days left are working days to the due date. RAG: <RagBadge rag="red" /> past the due date · <RagBadge rag="amber" /> due within 1 working day · <RagBadge rag="green" /> more than 1 working day left.
      </p>
    </section>
  );
}
