/**
 * The embedded server's one index: the documents with `open: true` (store/case-document.ts), kept
 * beside the package's in-memory collection, so a query that says `WHERE c.open = true AND …` scans
 * the open working set (hundreds of cases) instead of every document of the container (the archive
 * grows by thousands a year). Azure Cosmos DB gets the same from its own index on `/open`
 * (store/schema.ts); the query text is the same on both.
 *
 * Exactness: the index is used only when `c.open = true` is a top-level conjunct of the WHERE
 * clause (no OR outside brackets), so every row the query can return is in the index; the index
 * keeps the collection's own iteration order, so rows, order and continuation tokens are those
 * of the full scan (test/store/open-index.test.ts compares them).
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Items = require('@zeit/cosmosdb-server/lib/account/items').default as {
  prototype: ItemsInternals & { query(this: ItemsInternals, params: { query: string; parameters?: unknown }, options: { maxItemCount?: number; continuation?: unknown }): unknown };
};

interface StoredItem { read(): Record<string, unknown> | undefined }
interface ItemsInternals {
  _data: Map<string, StoredItem>;
  _parent: StoredItem;
  _getQuery(sql: string): { exec(data: unknown[], options: object): unknown };
  _userDefinedFunctions(): unknown;
}

const isOpen = (item: StoredItem): boolean => item.read()?.open === true;

/**
 * The package's `_data` (rid → item, in insertion order) with the open items mirrored in a second map
 * in the same order. An overwrite in place (Map.set on a rid already there keeps its position) of a
 * document that was not open marks the mirror stale; it is rebuilt from the whole map on next use.
 */
export class OpenIndexedMap extends Map<string, StoredItem> {
  private readonly openItems = new Map<string, StoredItem>();
  private stale = false;

  constructor(entries?: Iterable<readonly [string, StoredItem]>) {
    super(entries ?? []);
    // Entries given to the constructor went in before the mirror existed.
    this.stale = this.size > 0;
  }

  override set(rid: string, item: StoredItem): this {
    const existed = super.has(rid);
    super.set(rid, item);
    // Map's constructor calls set() before the fields above exist.
    if (!this.openItems) return this;
    if (!isOpen(item)) this.openItems.delete(rid);
    else if (!existed || this.openItems.has(rid)) this.openItems.set(rid, item);
    else this.stale = true;
    return this;
  }

  override delete(rid: string): boolean {
    this.openItems.delete(rid);
    return super.delete(rid);
  }

  override clear(): void {
    this.openItems.clear();
    super.clear();
  }

  /** The open items, in the collection's order. */
  open(): IterableIterator<StoredItem> {
    if (this.stale) {
      this.openItems.clear();
      for (const [rid, item] of this) if (isOpen(item)) this.openItems.set(rid, item);
      this.stale = false;
    }
    return this.openItems.values();
  }
}

const OPEN_ONLY = /^SELECT .+? FROM c WHERE c\.open = true(?: AND (.*?))?(?: ORDER BY .*)?$/s;

/**
 * Whether the query can return only documents with `open: true`: its WHERE clause starts with
 * `c.open = true` and whatever follows is joined to it by AND with no OR outside brackets (our
 * queries are parameterised, so there are no string literals holding brackets or OR but 'case').
 */
export function isOpenOnlyQuery(sql: string): boolean {
  const match = OPEN_ONLY.exec(sql.trim());
  if (!match) return false;
  const rest = match[1] ?? '';
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < rest.length; i += 1) {
    const ch = rest[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (depth === 0 && /^\s+OR\s/i.test(rest.slice(i))) return false;
    if (depth < 0) return false;
  }
  return depth === 0 && quote === undefined;
}

// The package's constructor assigns `this._data = new Map()`; an accessor on the prototype turns
// that assignment into an indexed map (collections and databases get one too: harmless, never open).
const DATA = Symbol('data');
Object.defineProperty(Items.prototype, '_data', {
  configurable: true,
  get(this: { [DATA]: OpenIndexedMap }) {
    return this[DATA];
  },
  set(this: { [DATA]: OpenIndexedMap }, value: Map<string, StoredItem>) {
    this[DATA] = value instanceof OpenIndexedMap ? value : new OpenIndexedMap(value);
  },
});

/** The package's query(), fed the open items when the query can only return open documents. */
const packageQuery = Items.prototype.query;
Items.prototype.query = function query(this: ItemsInternals, params, options) {
  const data = this._data;
  if (!(data instanceof OpenIndexedMap) || !isOpenOnlyQuery(params.query)) return packageQuery.call(this, params, options);
  if (!this._parent.read()) return null;
  const parent = this._parent.read() as { indexingPolicy?: { compositeIndexes?: unknown[] } };
  const rows = [...data.open()].map((item) => item.read());
  const q = this._getQuery(params.query);
  try {
    return q.exec(rows, {
      parameters: params.parameters,
      udf: this._userDefinedFunctions(),
      maxItemCount: options.maxItemCount,
      continuation: options.continuation,
      compositeIndexes: parent.indexingPolicy?.compositeIndexes ?? [],
    });
  } catch (err) {
    (err as { badRequest?: boolean }).badRequest = true;
    throw err;
  }
};

/** Whether queries are served from the index (false: the package's full scan). For tests. */
export function useFullScan(full: boolean): void {
  Items.prototype.query = full ? packageQuery : openAwareQuery;
}
const openAwareQuery = Items.prototype.query;
