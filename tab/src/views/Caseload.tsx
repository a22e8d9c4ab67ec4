/**
 * The caseload: views by role (my cases / my team / all), filters, sort, search and server-side paging
 * with continuation tokens (the store pages; the tab never loads the whole caseload). RAG and working
 * days left come from the API.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api, CaseloadItem, CaseloadOptions, CaseloadQuery, CaseloadView } from '../api';
import { customerLabel, daysLeftText, displayDate, STATUS_WORDS, stageText, VIEW_WORDS } from '../format';
import { ErrorMessage, RagBadge } from './common';

type SortKey = NonNullable<CaseloadQuery['sort']>;

interface Filters {
  stage: '' | '1' | '2';
  service: string;
  status: string;
  owner: string;
  overdue: boolean;
  text: string;
  sort: SortKey;
}

const EMPTY: Filters = { stage: '', service: '', status: '', owner: '', overdue: false, text: '', sort: 'due' };
const PAGE_SIZE = 25;

const SORTABLE: Partial<Record<string, SortKey>> = { Reference: 'reference', Received: 'received', Due: 'due' };
const SORT_WORDS: Record<SortKey, string> = { due: 'due date, soonest first', received: 'date received, newest first', reference: 'reference' };

/** What an empty view means when no filter is set. */
const EMPTY_VIEW_WORDS: Record<CaseloadView, string> = {
  mine: 'You have no cases assigned to you.',
  team: 'There are no cases in your services.',
  all: 'No cases have been logged yet.',
};

/** Caseload state survives going to a case and back within the session. */
let remembered: { view?: CaseloadView; filters: Filters } = { filters: EMPTY };

export function Caseload(props: { api: Api; options: CaseloadOptions | undefined }) {
  const { api, options } = props;
  const [view, setView] = useState<CaseloadView | undefined>(remembered.view);
  const [filters, setFilters] = useState<Filters>(remembered.filters);
  const [searchText, setSearchText] = useState(remembered.filters.text);
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const [items, setItems] = useState<CaseloadItem[] | undefined>();
  const [shownView, setShownView] = useState<CaseloadView | undefined>();
  const [next, setNext] = useState<string | undefined>();
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

  function chooseView(v: CaseloadView) {
    setView(v);
    setPages([undefined]);
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

  const otherViews = (options?.views ?? []).filter((v) => v !== activeView);
  const activeFilters = filters.stage || filters.service || filters.status || filters.owner || filters.overdue || filters.text;

  return (
    <section aria-labelledby="caseload-title">
      <div class="page-head">
        <h2 id="caseload-title">Caseload</h2>
        <div class="segmented" role="group" aria-label="Which cases">
          {(options?.views ?? (activeView ? [activeView] : [])).map((v) => (
            <button type="button" key={v} class="seg" aria-pressed={v === activeView} onClick={() => chooseView(v)}>
              {VIEW_WORDS[v]}
            </button>
          ))}
        </div>
      </div>

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
        {activeView !== 'mine' && (
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
        {loading ? 'Loading cases…' : items ? `${items.length} cases shown, page ${pageIndex + 1}, sorted by ${SORT_WORDS[filters.sort]}.` : ''}
      </p>

      <div class="table-wrap" aria-busy={loading} data-view={shownView}>
        <table class="grid" ref={tableRef} onKeyDown={onTableKey} aria-describedby="caseload-help">
          <caption id="caseload-help" class="sr-only">
            {VIEW_WORDS[activeView ?? 'all']}. Use the up and down arrow keys to move between cases and Enter to open one.
          </caption>
          <thead>
            <tr>
              {['Reference', 'Customer', 'Service', 'Stage', 'Status', 'Owner', 'Received', 'Due', 'Working days left', 'RAG', 'Contractor'].map((column) => {
                const key = SORTABLE[column];
                if (!key) return <th scope="col" key={column}>{column}</th>;
                const active = filters.sort === key;
                return (
                  <th scope="col" key={column} aria-sort={active ? (key === 'received' ? 'descending' : 'ascending') : 'none'}>
                    <button type="button" class="sort" onClick={() => change({ sort: key })} title={`Sort by ${SORT_WORDS[key]}`}>
                      {column}
                      <span aria-hidden="true">{active ? (key === 'received' ? ' ▼' : ' ▲') : ''}</span>
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
                <td>{item.service}</td>
                <td class="nowrap">{stageText(item)}</td>
                <td>{STATUS_WORDS[item.status] ?? item.status}</td>
                <td class={item.owner ? 'nowrap' : 'muted nowrap'}>{item.owner?.displayName ?? 'Unassigned'}</td>
                <td class="nowrap">{displayDate(item.receivedOn)}</td>
                <td class="nowrap">{displayDate(item.clock?.due)}</td>
                <td class="num">{daysLeftText(item.clock)}</td>
                <td>{item.clock ? <RagBadge rag={item.clock.rag} /> : <span class="muted">Closed</span>}</td>
                <td>{item.contractor ? <span class="tag" title={item.contractor.kind === 'aleo' ? 'Arm’s-length external organisation' : 'Contractor'}>{item.contractor.name}</span> : ''}</td>
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
                      {VIEW_WORDS[v]}
                    </button>
                  ))}
                </p>
              )
            )}
          </div>
        )}
      </div>

      <nav class="pager" aria-label="Pages">
        <button type="button" class="button" disabled={pageIndex === 0 || loading} onClick={() => setPages((p) => p.slice(0, -1))}>
          Previous page
        </button>
        <span>Page {pageIndex + 1}</span>
        <button type="button" class="button" disabled={!next || loading} onClick={() => setPages((p) => [...p, next])}>
          Next page
        </button>
      </nav>
      <p class="legend muted">
        RAG: <RagBadge rag="red" /> past the due date · <RagBadge rag="amber" /> due within 1 working day · <RagBadge rag="green" /> more than 1 working day left.
      </p>
    </section>
  );
}
