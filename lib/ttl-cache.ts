/**
 * A small per-instance memo with a time-to-live, sharing one in-flight load between concurrent
 * callers. Hot public reads (a viral campaign's page) then cost one query per key per interval,
 * however many people are watching. A failed load is not cached; while the database is down, a
 * value up to `staleIfErrorMs` old is served instead of an error (e-petitions' stale-if-error).
 */
export function ttlMemo<K, V>(name: string, ttlMs: number, load: (key: K) => Promise<V>, staleIfErrorMs = 60 * ttlMs) {
  type Entry = { value?: V; at: number; pending?: Promise<V> };
  const store = ((globalThis as Record<string, unknown>)[`__constituentMemo_${name}`] ??= new Map<string, Entry>()) as Map<string, Entry>;
  const get = async (key: K): Promise<V> => {
    const k = JSON.stringify(key);
    const hit = store.get(k);
    const now = Date.now();
    if (hit && "value" in hit && now - hit.at < ttlMs) return hit.value as V;
    if (hit?.pending) return hit.pending;
    const pending = load(key);
    store.set(k, { ...hit, at: hit?.at ?? 0, pending });
    try {
      const value = await pending;
      store.set(k, { value, at: Date.now() });
      return value;
    } catch (err) {
      if (hit && "value" in hit) {
        store.set(k, { value: hit.value, at: hit.at });
        if (Date.now() - hit.at < staleIfErrorMs) return hit.value as V;
      } else store.delete(k);
      throw err;
    }
  };
  const invalidate = (key?: K) => (key === undefined ? store.clear() : store.delete(JSON.stringify(key)));
  return { get, invalidate };
}
