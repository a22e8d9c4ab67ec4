/**
 * The API as the tab sees it (web/api-client.ts does the calling). Errors are RFC 9457 problem
 * details, kept whole so forms can show each field's message beside the field; a fresh Teams SSO
 * token is asked for once when the API says the one we have is no longer good.
 */
import type { CaseAccess, ExportFormat, SubjectAccessExport } from '../../core/access-log';
import type { TimelineNote as CaseNote } from '../../core/notes';
import type { SameCustomerCase } from '../../core/same-customer';
import type { SurveyInput, SurveyResult, TrainingInput, TrainingRecord } from '../../core/awareness';
import type { CaseDocument } from './views/documents-upload';
import { ApiError, authHeaders, callApi, type Credentials, type DescribeProblem, type DevUser, type HttpMethod, type Me, type Problem } from '../../web/api-client';

export { ApiError, NO_ORGANISATION, type Credentials, type DevUser, type FieldProblem, type Me, type NoRoleNotice } from '../../web/api-client';

export type Rag = 'red' | 'amber' | 'green';
export type CaseloadView = 'mine' | 'team' | 'all';
/** A view, or the managers' queue of final positions waiting for their sign-off. */
export type CaseloadList = CaseloadView | 'signoff';
export type CaseloadSort = 'due' | 'received' | 'reference' | 'owner' | 'service';

export interface ClockStatus {
  stage: number;
  due: string;
  workingDaysLeft: number;
  rag: Rag;
  overdue: boolean;
}

export interface Customer {
  withheldDetails: boolean;
  anonymous: boolean;
  name?: string;
  email?: string;
  phone?: string;
  address?: string;
}

export interface Person {
  userId: string;
  displayName: string;
}

export interface CaseloadItem {
  reference: string;
  kind: string;
  status: string;
  stage: 1 | 2 | null;
  customer: Pick<Customer, 'name' | 'anonymous' | 'withheldDetails'>;
  service: string;
  owner?: Person;
  receivedOn: string;
  clock?: ClockStatus;
  contractor?: { name: string; kind: 'contractor' | 'aleo' };
  socialWork: boolean;
}

export interface CaseloadPage {
  view: CaseloadList;
  items: CaseloadItem[];
  /** How many cases the query finds across all pages. */
  total: number;
  continuation?: string;
}

export interface ListCounts {
  open: number;
  overdue: number;
  dueSoon: number;
}

export interface CaseloadCounts {
  views: Partial<Record<CaseloadView, ListCounts>>;
  signoff?: ListCounts;
}

export interface CaseloadOptions {
  views: CaseloadView[];
  /** The person may sign off final positions: "Waiting for my sign-off" is theirs. */
  signOffQueue: boolean;
  /** The person may log new cases. */
  canLog: boolean;
  services: string[];
  /** No longer offered for new complaints, but their cases can still be found. */
  retiredServices?: string[];
  staff: Person[];
  people: Person[];
  rootCauseCategories: string[];
}

export interface StageClock {
  startedOn: string;
  standardDue: string;
  extensionDays: number;
  due: string;
}

export interface StageRecord {
  clock: StageClock;
  extensions: { stage: number; workingDays: number; reason: string; authorisedBy: string; authorisedAt: string; customerToldOn?: string; newDue: string }[];
  actionTaken?: string;
  outcome?: string;
  closedOn?: string;
}

/** A note as the timeline shows it, and a case of the same customer (core types). */
export type { TimelineNote as CaseNote } from '../../core/notes';
export type { SameCustomerCase } from '../../core/same-customer';

export interface CaseEvent {
  id: string;
  at: string;
  by: string;
  type: string;
  summary: string;
}

export interface Case {
  reference: string;
  /** The reference in the organisation's previous system, for an imported case. */
  legacyReference?: string;
  orgId: string;
  kind: string;
  status: string;
  channel: string;
  receivedAt: string;
  receivedOn: string;
  customer: Customer;
  representative?: { name: string; contact?: string; relationship?: string; consentRecorded: boolean };
  nature: string;
  service: string;
  contractor?: { name: string; kind: 'contractor' | 'aleo' };
  socialWork: boolean;
  owner?: string;
  loggedBy: string;
  source?: { kind: string; webLink?: string };
  stage1?: StageRecord;
  stage2?: StageRecord & {
    initiatedOn: string;
    route: 'escalated' | 'direct';
    acknowledgeBy: string;
    acknowledgedOn?: string;
    escalationReason?: string;
    signOff?: { author: string; requestedAt: string; draftSummary: string; proposedOutcome: string; decision?: string; decidedBy?: string; decidedAt?: string; comments?: string };
  };
  notAComplaintReason?: string;
  withdrawnOn?: string;
  rootCause?: { category: string; text?: string };
  remedialAction?: string;
  spso?: { referredOn: string; decision?: string; decidedOn?: string; recommendations: { text: string; dueOn?: string; implementedOn?: string }[] };
  disposalOn?: string;
  legalHold?: { reason: string; setBy: string; setAt: string };
  quoteWithConsent?: { text: string; recordedBy: string; recordedAt: string };
  events: CaseEvent[];
  linkedCases?: { reference: string; relation: string; linkedBy: string; linkedAt: string }[];
}

export interface CaseloadQuery {
  view?: CaseloadList;
  stage?: '1' | '2';
  service?: string;
  status?: string;
  owner?: string;
  overdue?: boolean;
  text?: string;
  sort?: CaseloadSort;
  limit?: number;
  continuation?: string;
}

/** What the new-complaint form sends (POST /api/cases). */
export interface NewCaseBody {
  kind: 'complaint' | 'compliment' | 'comment';
  channel: string;
  receivedAt: string;
  customer: Customer;
  representative?: { name: string; contact?: string; relationship?: string; consentRecorded: boolean };
  nature: string;
  service: string;
  contractor?: { name: string; kind: 'contractor' | 'aleo' };
  socialWork: boolean;
  /** Complaints only: compliments and comments have no stages. */
  startAtStage?: 1 | 2;
  source: { kind: 'tab'; messageId: string };
}

/** Staff training (indicator 3) and survey results (indicator 2): the core's own record types. */
export type { SurveyResult, TrainingKind, TrainingRecord } from '../../core/awareness';
export type { SurveyInput as NewSurvey, TrainingInput as NewTraining } from '../../core/awareness';

/** The sentences the reports print for indicators 2 and 3 (null: nothing recorded for the period). */
export interface AwarenessStatements {
  period: { id: string; label: string };
  kpi2: string | null;
  kpi3: string | null;
}

/** Subject access (privacy.subject-access): who the request is from. */
export interface SubjectSearch {
  name?: string;
  email?: string;
  phone?: string;
}

export interface SubjectCase {
  reference: string;
  kind: string;
  status: string;
  service: string;
  receivedOn: string;
  socialWork: boolean;
  legalHold: boolean;
  customerName: string | null;
  representativeName: string | null;
  matchedOn: string[];
  subjectRole: 'customer' | 'representative' | 'mentioned';
}

export type { CaseAccess, ExportFormat, SubjectAccessExport } from '../../core/access-log';
/** The organisation settings, section by section (administrators; see server/routes/org.ts). */
export type OrgSection = 'profile' | 'services' | 'population' | 'local-holidays' | 'role-assignments';

export interface OrgProfile {
  name: string;
  contact?: string;
  reportingYearStartMonth: number;
  retentionYears: number;
}

export interface OrgServices {
  services: string[];
  retiredServices: string[];
  formerServiceNames: Record<string, string>;
}

export interface RoleAssignment {
  principalId: string;
  roles: string[];
  services: string[];
  displayName: string;
  kind?: 'user' | 'group';
}

export interface DirectoryEntry {
  id: string;
  displayName: string;
  detail?: string;
  kind: 'user' | 'group';
}

export class Api {
  /** Teams SSO: called for a fresh token when the API says the one we have is no longer good. */
  private tokenProvider?: () => Promise<string>;

  constructor(
    private credentials: Credentials = {},
    private readonly base = '/api',
  ) {}

  setCredentials(credentials: Credentials): void {
    this.credentials = credentials;
  }

  async signInWithTokens(provider: () => Promise<string>): Promise<void> {
    this.tokenProvider = provider;
    this.credentials = { bearer: await provider() };
  }

  async request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    try {
      return await this.send<T>(method, path, body);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || !this.tokenProvider) throw error;
      this.credentials = { bearer: await this.tokenProvider() };
      return this.send<T>(method, path, body);
    }
  }

  private async send<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    return (await callApi<T>(this.base + path, method, this.credentials, body, detailOrStatus)).body;
  }

  /** A file from the API (report exports; with a body, a POST: subject access exports), with the name the server suggests. */
  async download(path: string, body?: unknown): Promise<{ body: Blob; filename?: string }> {
    const init: RequestInit =
      body === undefined
        ? { headers: authHeaders(this.credentials) }
        : { method: 'POST', headers: { ...authHeaders(this.credentials), 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    const res = await fetch(this.base + path, init);
    if (!res.ok) {
      const problem = (await res.json().catch(() => ({}))) as Problem;
      throw new ApiError(res.status, detailOrStatus(res.status, problem, res.statusText));
    }
    const disposition = res.headers.get('content-disposition') ?? '';
    const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1];
    return { body: await res.blob(), filename };
  }

  devUsers = () => this.request<{ users: DevUser[] }>('GET', '/dev/users').then((r) => r.users);
  me = () => this.request<Me>('GET', '/me');
  options = () => this.request<CaseloadOptions>('GET', '/caseload/options');
  caseload = (query: CaseloadQuery) => this.request<CaseloadPage>('GET', `/caseload${queryString(query)}`);
  caseloadCounts = () => this.request<CaseloadCounts>('GET', '/caseload/counts');
  /** Logs a case; `source.messageId` (the form submission's id) makes a retry return the first case. */
  logCase = (body: NewCaseBody) => this.request<Case>('POST', '/cases', body);
  caseRow = (reference: string) => this.request<CaseloadItem>('GET', `/caseload/cases/${encodeURIComponent(reference)}`);
  /** Opened from the tab's case page: the access log of a sensitive case says so. */
  getCase = (reference: string) => this.request<Case>('GET', `/cases/${encodeURIComponent(reference)}?via=tab`);
  accessLog = (reference: string) =>
    this.request<{ reference: string; logged: boolean; items: CaseAccess[]; continuation?: string }>('GET', `/cases/${encodeURIComponent(reference)}/access-log?limit=100`);
  availableActions = (reference: string) =>
    this.request<{ reference: string; actions: string[] }>('GET', `/cases/${encodeURIComponent(reference)}/available-actions`).then((r) => r.actions);
  /** The actions offered with their layout (core/next-step.ts): the next step, everyday ones, rare ones to confirm, and why a needed step is not offered. */
  actionPlan = (reference: string) => this.request<ActionPlan>('GET', `/cases/${encodeURIComponent(reference)}/available-actions`);
  act = (reference: string, action: Record<string, unknown>) =>
    this.request<{ case: Case; event: CaseEvent; replayed: boolean }>('POST', `/cases/${encodeURIComponent(reference)}/actions`, action);

  documents = (reference: string) => this.request<{ documents: CaseDocument[] }>('GET', `/cases/${encodeURIComponent(reference)}/documents`).then((r) => r.documents);
  removeDocument = (reference: string, id: string, reason: string) => this.request<{ event: CaseEvent }>('DELETE', `/cases/${encodeURIComponent(reference)}/documents/${id}`, { reason });
  /** Sign-in headers for requests the tab sends itself (uploads, through XMLHttpRequest for progress: views/documents-upload.ts). */
  signInHeaders = () => authHeaders(this.credentials);
  notes = (reference: string, limit: number, continuation?: string) =>
    this.request<{ items: CaseNote[]; continuation?: string }>('GET', `/cases/${encodeURIComponent(reference)}/notes${queryString({ limit, continuation })}`);
  addNote = (reference: string, body: Record<string, unknown>) => this.request<CaseNote>('POST', `/cases/${encodeURIComponent(reference)}/notes`, body);
  sameCustomer = (reference: string) => this.request<{ items: SameCustomerCase[]; more: boolean }>('GET', `/cases/${encodeURIComponent(reference)}/same-customer`);
  linkCase = (reference: string, body: { reference: string; relation: string; actionId: string }) =>
    this.request<{ case: Case; event: CaseEvent; replayed: boolean }>('POST', `/cases/${encodeURIComponent(reference)}/links`, body);

  trainingRecords = () => this.request<{ items: TrainingRecord[] }>('GET', '/awareness/training').then((r) => r.items);
  addTraining = (body: TrainingInput) => this.request<TrainingRecord>('POST', '/awareness/training', body);
  deleteTraining = (id: string) => this.request<void>('DELETE', `/awareness/training/${encodeURIComponent(id)}`);
  surveys = () => this.request<{ items: SurveyResult[] }>('GET', '/awareness/surveys').then((r) => r.items);
  addSurvey = (body: SurveyInput) => this.request<SurveyResult>('POST', '/awareness/surveys', body);
  deleteSurvey = (id: string) => this.request<void>('DELETE', `/awareness/surveys/${encodeURIComponent(id)}`);
  subjectSearch = (search: SubjectSearch) => this.request<{ search: SubjectSearch; cases: SubjectCase[] }>('POST', '/privacy/subject-access/search', search);
  subjectExport = (body: SubjectSearch & { format: ExportFormat; references: string[] }) => this.download('/privacy/subject-access/export', body);
  subjectExports = () => this.request<{ items: SubjectAccessExport[]; continuation?: string }>('GET', '/privacy/subject-access/exports?limit=50');
  orgSection = <T>(section: OrgSection) => this.request<T>('GET', `/org/${section}`);
  saveOrgSection = <T>(section: OrgSection, body: unknown) => this.request<T>('PUT', `/org/${section}`, body);
  finishSetup = () => this.request<{ setupCompletedAt: string }>('POST', '/org/setup-complete');
  findInDirectory = (kind: 'user' | 'group', q: string) =>
    this.request<{ source: 'graph' | 'demo'; items: DirectoryEntry[] }>('GET', `/org/directory${queryString({ kind, q })}`);
  awarenessStatements = (period?: string) => this.request<AwarenessStatements>('GET', `/awareness/statements${queryString({ period })}`);
}

/** The tab shows the problem's detail (and each field's message beside its field). */
const detailOrStatus: DescribeProblem = (status, problem, statusText) => problem.detail ?? `The service answered ${status} ${statusText}.`;

export function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface ActionPlan {
  reference: string;
  actions: string[];
  next?: string;
  everyday: string[];
  more: { action: string; confirm: string }[];
  notOffered: { action: string; reason: string }[];
}
