/**
 * Fuzzing the write routes with bodies that are malformed by construction (a required field
 * removed, a field of the wrong JSON type, an unknown field, an unknown action, a non-object body,
 * text that is not JSON, a malformed reference). Every answer must be a 4xx problem, the server must
 * keep answering, and no stored record may change.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, Harness } from './harness';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Template {
  method: 'POST' | 'PUT';
  url: string;
  as: string;
  body: Record<string, Json>;
  required: string[];
}

const customer = { withheldDetails: false, anonymous: false, name: 'Fuzz Customer', email: 'fuzz@example.org' };
const OPEN_CASE = '/api/cases/CHP-2026-000001/actions';

const action = (body: Record<string, Json>, required: string[]): Template => ({ method: 'POST', url: OPEN_CASE, as: 'demo-director', body, required: ['type', ...required] });

/** One valid body per write route and action type, with the fields that must be present. */
const TEMPLATES: Template[] = [
  {
    method: 'POST',
    url: '/api/cases',
    as: 'demo-director',
    body: { kind: 'complaint', channel: 'email', customer, nature: 'Street light out.', service: 'Roads and Transport', socialWork: false, source: { kind: 'email', messageId: 'fuzz-1' } },
    required: ['kind', 'channel', 'customer', 'nature', 'service'],
  },
  action({ type: 'assign', owner: 'demo-handler' }, ['owner']),
  action({ type: 'extend', workingDays: 2, reason: 'Waiting for a report.', customerToldOn: '2026-03-10' }, ['workingDays', 'reason']),
  action({ type: 'acknowledge', on: '2026-03-10' }, ['on']),
  action({ type: 'close-stage1', outcome: 'upheld', actionTaken: 'Fixed.', on: '2026-03-10' }, ['outcome', 'actionTaken', 'on']),
  action({ type: 'escalate', on: '2026-03-10', reason: 'Still unhappy.' }, ['on', 'reason']),
  action({ type: 'request-signoff', draftSummary: 'Draft.', proposedOutcome: 'upheld' }, ['draftSummary', 'proposedOutcome']),
  action({ type: 'approve-signoff', comments: 'Fine.' }, []),
  action({ type: 'return-signoff', comments: 'Redo.' }, ['comments']),
  action({ type: 'close-stage2', actionTaken: 'Done.', on: '2026-03-10' }, ['actionTaken', 'on']),
  action({ type: 'withdraw', on: '2026-03-10', reason: 'Sorted.' }, ['on']),
  action({ type: 'mark-not-a-complaint', reason: 'FOI request.' }, ['reason']),
  action({ type: 'record-root-cause', category: 'Delay', text: 'Late.', remedialAction: 'Rota changed.' }, ['category']),
  action({ type: 'update-details', changes: { nature: 'New words.', socialWork: true } }, ['changes']),
  action({ type: 'refer-to-spso', on: '2026-03-10' }, ['on']),
  action({ type: 'record-spso-decision', decision: 'upheld', on: '2026-03-10', recommendations: ['Apologise.'] }, ['decision', 'on', 'recommendations']),
  action({ type: 'record-spso-recommendation-implemented', index: 0, on: '2026-03-10' }, ['index', 'on']),
  action({ type: 'set-legal-hold', reason: 'SPSO investigation.' }, ['reason']),
  { method: 'PUT', url: '/api/org/services', as: 'demo-admin', body: { services: ['Housing Repairs'] }, required: ['services'] },
  { method: 'PUT', url: '/api/org/local-holidays', as: 'demo-admin', body: { localHolidays: ['2026-09-28'] }, required: ['localHolidays'] },
  { method: 'PUT', url: '/api/org/population', as: 'demo-admin', body: { population: 1000, populationYear: 2024 }, required: ['population'] },
  {
    method: 'PUT',
    url: '/api/org/profile',
    as: 'demo-admin',
    body: { name: 'Glenmore Council', contact: 'Service desk', reportingYearStartMonth: 4, retentionYears: 5 },
    required: ['name', 'reportingYearStartMonth', 'retentionYears'],
  },
  {
    method: 'POST',
    url: '/api/awareness/training',
    as: 'demo-training-officer',
    body: { kind: 'induction', title: 'CHP induction', deliveredOn: '2026-03-02', audience: 'New starts', attendees: 7 },
    required: ['kind', 'title', 'deliveredOn', 'audience', 'attendees'],
  },
  {
    method: 'POST',
    url: '/api/awareness/surveys',
    as: 'demo-complaints-manager',
    body: { fromMonth: '2025-12', toMonth: '2026-02', responses: 20, satisfied: 14, method: 'Text message survey', summary: 'Mostly content.' },
    required: ['fromMonth', 'toMonth', 'responses', 'satisfied', 'method'],
  },
  {
    method: 'PUT',
    url: '/api/org/role-assignments',
    as: 'demo-admin',
    body: { roleAssignments: [{ principalId: 'demo-admin', roles: ['administrator'], services: [], displayName: 'Admin' }] },
    required: ['roleAssignments'],
  },
];

const jsonTypeOf = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** A value whose JSON type differs from `original` (and is never null, which one field accepts). */
function wrongType(original: Json): fc.Arbitrary<Json> {
  const byType: Record<string, fc.Arbitrary<Json>> = {
    string: fc.string(),
    number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    boolean: fc.boolean(),
    array: fc.array(fc.integer(), { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  };
  const type = jsonTypeOf(original);
  return fc.oneof(...Object.entries(byType).filter(([t]) => t !== type).map(([, arb]) => arb));
}

/** Paths to every leaf and object under a body, e.g. ['customer', 'email']. */
function paths(value: Json, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return prefix.length ? [prefix] : [];
  const own = prefix.length ? [prefix] : [];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function setAt(body: Record<string, Json>, path: string[], value: Json): Record<string, Json> {
  const copy = structuredClone(body);
  let node = copy as Record<string, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, Json>;
  node[path[path.length - 1]] = value;
  return copy;
}

interface Attempt {
  method: string;
  url: string;
  as: string;
  raw: string;
}

const template = fc.constantFrom(...TEMPLATES);
const send = (t: Template, body: Json): Attempt => ({ method: t.method, url: t.url, as: t.as, raw: JSON.stringify(body) });

const missingField = template.chain((t) => fc.constantFrom(...t.required).map((key) => {
  const body = { ...t.body };
  delete body[key];
  return send(t, body);
}));
const wrongTypedField = template.chain((t) =>
  fc.constantFrom(...paths(t.body)).chain((path) => {
    const original = path.reduce<Json>((node, key) => (node as Record<string, Json>)[key], t.body);
    return wrongType(original).map((value) => send(t, setAt(t.body, path, value)));
  }),
);
const unknownField = template.chain((t) =>
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((k) => !(k in t.body) && k !== 'actionId' && k !== '__proto__')
    .chain((key) => fc.jsonValue({ maxDepth: 2 }).map((v) => send(t, { ...t.body, [key]: v as Json }))),
);
const unknownAction = fc
  .string({ maxLength: 30 })
  .filter((type) => !TEMPLATES.some((t) => t.body.type === type) && type !== 'release-legal-hold')
  .map((type) => send(TEMPLATES[1], { type, owner: 'demo-handler' }));
const notAnObject = template.chain((t) =>
  fc.oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.string(), fc.integer(), fc.boolean(), fc.constant(null)).map((v) => send(t, v as Json)),
);
const notJson = template.chain((t) =>
  fc
    .string({ minLength: 1, maxLength: 60 })
    .filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    })
    .map((raw) => ({ method: t.method, url: t.url, as: t.as, raw })),
);
const badReference = fc
  .string({ minLength: 1, maxLength: 40 })
  .filter((ref) => !/^CHP-\d{4}-\d{6}$/.test(ref))
  .map((ref) => ({ method: 'POST', url: `/api/cases/${encodeURIComponent(ref)}/actions`, as: 'demo-director', raw: JSON.stringify(TEMPLATES[3].body) }));
const badActionId = fc
  .oneof(fc.string({ maxLength: 120 }).filter((id) => !/^[A-Za-z0-9._:-]{1,100}$/.test(id)), fc.integer(), fc.constant(null))
  .map((actionId) => send(TEMPLATES[3], { ...TEMPLATES[3].body, actionId }));

const malformed = fc.oneof(missingField, wrongTypedField, unknownField, unknownAction, notAnObject, notJson, badReference, badActionId);

describe('server: fuzzing the write routes', function () {
  this.timeout(600_000);
  const h = new Harness();
  let base = '';
  before(async () => {
    await h.start();
    // Sign-in reads role assignments through the per-process cache, as in production.
    base = await h.app({ orgCacheMs: 60_000 });
  });
  after(() => h.stop());

  async function snapshot(): Promise<string> {
    const dump: Record<string, unknown[]> = {};
    for (const name of ['cases', 'orgs', 'references', 'awareness'] as const) {
      const { resources } = await h.store.containers[name].items.readAll().fetchAll();
      dump[name] = resources.sort((a, b) => `${a.id}`.localeCompare(`${b.id}`));
    }
    return JSON.stringify(dump);
  }

  it('answers 10,000 malformed bodies with 4xx problems and changes no record', async () => {
    // Signing in records each person in the staff directory once (server/auth/staff-recorder.ts): do
    // that first, so the records compared below are the ones a request's body could change.
    for (const as of new Set(TEMPLATES.map((t) => t.as))) assert.equal((await call(base, 'GET', '/api/me', { as })).status, 200);
    const before = await snapshot();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(malformed, async (attempt) => {
        const res = await fetch(base + attempt.url, {
          method: attempt.method,
          headers: { 'Content-Type': 'application/json', 'X-Dev-User': attempt.as },
          body: attempt.raw,
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        assert.ok(res.status >= 400 && res.status < 500, `${attempt.method} ${attempt.url} ${attempt.raw} → ${res.status} ${text}`);
        assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
        assert.ok((JSON.parse(text) as { detail: string }).detail.length > 10);
      }),
      { numRuns: 10_000, seed: 20260310 },
    );
    assert.equal(await snapshot(), before, 'a malformed request changed a stored record');
    assert.equal(h.logger.errors.length, 0, 'a malformed request caused a server-side error');
    assert.ok((statuses.get(400) ?? 0) > 8_000, `mostly 400s expected: ${JSON.stringify([...statuses])}`);
    const health = await call(base, 'GET', '/readyz');
    assert.equal(health.status, 200);
  });

  it('still accepts each well-formed template afterwards (the fuzz bodies were one mutation away from valid)', async () => {
    const created = await call(base, 'POST', '/api/cases', { as: 'demo-director', body: TEMPLATES[0].body });
    assert.equal(created.status, 201);
    const population = await call(base, 'PUT', '/api/org/population', { as: 'demo-admin', body: { population: 1000 } });
    assert.equal(population.status, 200);
    for (const t of TEMPLATES.filter((t) => t.url.startsWith('/api/awareness/'))) {
      const added = await call(base, t.method, t.url, { as: t.as, body: t.body });
      assert.equal(added.status, 201, `${t.url}: ${JSON.stringify(added.body)}`);
    }
  });
});
