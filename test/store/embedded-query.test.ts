/**
 * The embedded server's query speed-ups (store/embedded.ts) must not change a single result: the
 * linear FROM rewrite, the keyed ORDER BY sort and the one-pass copy of results are compared with the
 * package's own code on generated documents of mixed types (fast-check); a query's function, built
 * once and kept, must still read each run's own parameters.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { keyedSort, linearFromClause, linearStripUndefined, packageSort, packageStripUndefined } from '../../store/embedded';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const compile = require('@zeit/cosmosdb-query').default as (sql: string) => { code: string; exec(docs: unknown[], options: object): { result: unknown[] } };

const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 5 }), fc.constantFrom('2026-01-02', '2026-03-04', '9999-12-31', 'a'), fc.constant([1]), fc.constant({ x: 1 }));
const docs = fc.array(fc.record({ dueOn: value, type: fc.constantFrom('case', 'other'), nested: fc.record({ at: value }) }), { maxLength: 60 }).map((list) =>
  list.map((d, i) => ({ ...d, id: `d${i}`, _rid: `r${String(i % 7).padStart(3, '0')}` })),
);

describe('store: embedded server query speed-ups give the package’s results', () => {
  it('rewrites the quadratic FROM into one pass and the compiled query returns the same rows', () => {
    const query = compile("SELECT * FROM c WHERE c.type = 'case' ORDER BY c.dueOn DESC");
    const original = query.code;
    const linear = linearFromClause(original);
    assert.notEqual(linear, original, 'the pattern is found in the compiled code');
    assert.ok(!linear.includes('[...$'), 'no array spread per document is left');
    fc.assert(
      fc.property(docs, (list) => {
        const exec = (code: string) => {
          (query as unknown as { _code: string })._code = code;
          return query.exec(list, { maxItemCount: 10 }).result;
        };
        assert.deepEqual(exec(linear), exec(original));
      }),
      { numRuns: 100 },
    );
  });

  it('sorts by one key exactly as the package does (cross-type order, _rid tie-break, undefined dropped)', () => {
    const getRid = (row: unknown) => (row as { c: { _rid: string } }).c._rid;
    fc.assert(
      fc.property(docs, fc.boolean(), fc.constantFrom(['c', 'dueOn'], ['c', 'nested', 'at']).map((k) => [...k]), (list, descending, keys) => {
        const rows = list.map((c) => ({ c }));
        assert.deepEqual(keyedSort(rows, getRid, [], [keys, descending]), packageSort(rows, getRid, [], [keys, descending]));
      }),
      { numRuns: 300 },
    );
  });

  it('copies results without undefined exactly as the package does', () => {
    const json = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, value, fc.array(tie('node'), { maxLength: 6 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 6 })),
    })).node;
    fc.assert(
      fc.property(json, (input) => {
        assert.deepEqual(linearStripUndefined(input), packageStripUndefined(input));
      }),
      { numRuns: 500 },
    );
  });

  it('runs a kept query function with each run’s own parameters', () => {
    const query = compile('SELECT c.id FROM c WHERE c.type = @type ORDER BY c.id');
    fc.assert(
      fc.property(docs, fc.constantFrom('case', 'other'), (list, type) => {
        const { result } = query.exec(list, { parameters: [{ name: '@type', value: type }] });
        const expected = list.filter((d) => d.type === type).map((d) => ({ id: d.id })).sort((a, b) => (a.id < b.id ? -1 : 1));
        assert.deepEqual(result, expected);
      }),
      { numRuns: 100 },
    );
  });
});
