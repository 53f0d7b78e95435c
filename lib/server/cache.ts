import { LRUCache } from "lru-cache";

export interface MemoLimits<V> {
  /** Most keys held at once; the least recently used go first. */
  maxEntries: number;
  /**
   * Most characters held at once, keys and values (≈ bytes: V8 keeps Latin-1 strings one byte a
   * character). A single value larger than this is returned but never held.
   */
  maxBytes: number;
  /** A value's size in characters; by default the length of its JSON. */
  sizeOf?: (value: V) => number;
  /**
   * Whether a loaded value may be held. A key that names nothing (an unknown slug) must cost no
   * memory, or anyone can grow the process by asking for random keys.
   */
  cacheable?: (value: V) => boolean;
  /** How old a value may be and still be served while the loader throws; default 60 × ttl. */
  staleIfErrorMs?: number;
}

export interface MemoStats {
  entries: number;
  bytes: number;
  inFlight: number;
  maxEntries: number;
  maxBytes: number;
}

type Entry<V> = { value: V; at: number };
type Store<V> = { cache: LRUCache<string, Entry<V>>; inFlight: Map<string, Promise<V>> };

function jsonSize(value: unknown): number {
  return JSON.stringify(value)?.length ?? 8;
}

/**
 * A per-instance memo with a time-to-live, bounded in keys and in size, sharing one in-flight load
 * between concurrent callers. Hot public reads (a viral campaign's page) then cost one query per
 * key per interval, however many people are watching, and no set of keys can make it hold more
 * than its limits. A failed load is not cached; while the database is down, a value up to
 * `staleIfErrorMs` old is served instead of an error (e-petitions' stale-if-error).
 */
export function ttlMemo<K, V>(name: string, ttlMs: number, load: (key: K) => Promise<V>, limits: MemoLimits<V>) {
  const staleIfErrorMs = limits.staleIfErrorMs ?? 60 * ttlMs;
  const sizeOf = limits.sizeOf ?? jsonSize;
  const cacheable = limits.cacheable ?? (() => true);
  // On globalThis because Next.js bundles routes separately: a module-level cache would be one per
  // bundle, and an organizer's save could not clear the copy the public page reads.
  const store = ((globalThis as Record<string, unknown>)[`__constituentLruMemo_${name}`] ??= {
    cache: new LRUCache<string, Entry<V>>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (entry, key) => Math.max(1, key.length + sizeOf(entry.value)),
      // Past the stale-if-error window an entry is of no use: it is dropped when next touched.
      ttl: Math.max(ttlMs, staleIfErrorMs),
    }),
    // Loads under way; each is removed when it settles, so this holds no more than the
    // requests currently waiting on the database.
    inFlight: new Map(),
  } satisfies Store<V>) as Store<V>;
  const { cache, inFlight } = store;

  const get = async (key: K): Promise<V> => {
    const k = JSON.stringify(key);
    const hit = cache.get(k);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const running = inFlight.get(k);
    if (running) return running;
    const pending = load(key);
    inFlight.set(k, pending);
    try {
      const value = await pending;
      // An invalidation while this load ran means it may have read what was just changed.
      if (inFlight.get(k) === pending && cacheable(value)) cache.set(k, { value, at: Date.now() });
      return value;
    } catch (err) {
      const stale = cache.get(k);
      if (stale && Date.now() - stale.at < staleIfErrorMs) return stale.value;
      throw err;
    } finally {
      if (inFlight.get(k) === pending) inFlight.delete(k);
    }
  };

  const invalidate = (key?: K): void => {
    if (key === undefined) {
      cache.clear();
      inFlight.clear();
    } else {
      const k = JSON.stringify(key);
      cache.delete(k);
      inFlight.delete(k);
    }
  };

  const stats = (): MemoStats => ({
    entries: cache.size,
    bytes: cache.calculatedSize,
    inFlight: inFlight.size,
    maxEntries: limits.maxEntries,
    maxBytes: limits.maxBytes,
  });

  return { get, invalidate, stats };
}
