/**
 * Memo tables keyed by objects, and the request scope the webhook evaluates each admission in.
 *
 * Rules ask the same questions of an object many times (its pod template, its containers' resources, a per-index
 * aggregate), so helpers memoize them by the object's identity.
 *
 * - Outside a scope (lint, audit) an entry lives in a WeakMap, as long as its key.
 * - Inside `inRequestScope` (one admission request) an entry whose key is not frozen lives in a Map made for the
 *   request and dropped when the scope ends. The request's objects (the parsed body, the overlay index, lists patched with the
 *   incoming object) die with the request; held as WeakMap keys, V8 kept their entries alive across scavenges and
 *   promoted them to the old generation (--trace-gc-nvp, 32 connections: 300-550 KB promoted per scavenge and a full
 *   mark-compact every half second; none with scoped tables).
 * - Frozen keys are shared across requests: the cluster cache freezes its objects (`shareObject`), and `createIndex`
 *   freezes itself and its lists. Their entries stay in the WeakMap, so an aggregate over the cache is built once per
 *   cache version, not once per request.
 */

let scopeDepth = 0;
const touched: { endScope(): void }[] = [];

/** Runs `fn` with request-scoped memo tables: entries for unfrozen keys are dropped when it returns or throws. */
export function inRequestScope<T>(fn: () => T): T {
  scopeDepth++;
  try {
    return fn();
  } finally {
    scopeDepth--;
    if (scopeDepth === 0) {
      for (const memo of touched) memo.endScope();
      touched.length = 0;
    }
  }
}

/** Marks an object as shared across requests (the cluster cache's objects): frozen, its memo entries kept. */
export function shareObject<T extends object>(object: T): Readonly<T> {
  return Object.freeze(object);
}

function scoped(key: object): boolean {
  return scopeDepth > 0 && !Object.isFrozen(key);
}

/** A WeakMap-like table whose entries for request objects last only as long as the request scope. */
export class ObjectMemo<K extends object, V> {
  readonly #weak = new WeakMap<K, V>();
  // A new Map for each request, dropped at the end of its scope, never cleared for reuse: V8 allocates a Map's
  // table (after clear() or growth) in the generation of the table it replaces, so a long-lived Map would hold the
  // request's young entries from the old generation, and they would be promoted just the same.
  #scoped: Map<K, V> | undefined = undefined;
  // The engine runs every rule on one object before the next, so most lookups repeat the previous key: a pointer
  // comparison answers them before any hash table.
  #lastKey: K | undefined = undefined;
  #lastValue: V | undefined = undefined;
  /** Listed in `touched`, to be reset when the scope ends. */
  #touched = false;

  get(key: K): V | undefined {
    if (key === this.#lastKey) return this.#lastValue;
    return scoped(key) ? this.#scoped?.get(key) : this.#weak.get(key);
  }

  set(key: K, value: V): this {
    if (scoped(key)) this.#scopedTable().set(key, value);
    else this.#weak.set(key, value);
    if (key === this.#lastKey) this.#lastValue = value;
    return this;
  }

  /** The memoized value for `key`, computed by `compute` on the first call. */
  through(key: K, compute: (key: K) => V): V {
    if (key === this.#lastKey) return this.#lastValue as V;
    let value: V | undefined;
    if (scoped(key)) {
      const table = this.#scopedTable();
      value = table.get(key);
      if (value === undefined && !table.has(key)) {
        value = compute(key);
        table.set(key, value);
      }
    } else {
      value = this.#weak.get(key);
      if (value === undefined && !this.#weak.has(key)) {
        value = compute(key);
        this.#weak.set(key, value);
      }
    }
    this.#lastKey = key;
    this.#lastValue = value;
    return value as V;
  }

  /** Called when the outermost request scope ends. */
  endScope(): void {
    this.#scoped = undefined;
    this.#lastKey = undefined;
    this.#lastValue = undefined;
    this.#touched = false;
  }

  #scopedTable(): Map<K, V> {
    this.#touch();
    this.#scoped ??= new Map();
    return this.#scoped;
  }

  #touch(): void {
    if (this.#touched) return;
    this.#touched = true;
    touched.push(this);
  }
}
