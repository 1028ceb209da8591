/**
 * A bounded, per-process memo of values derived from one revision of an evaluation (the parsed
 * model, its scores, views). A revision never changes once written, so an entry keyed by
 * evaluation id and version can never be stale: every request still reads the row (and its
 * current version) from the database and asks the policy, and only the pure computation is
 * skipped. It is not a source of truth — several instances each keep their own, and a restart
 * just empties it — so the server stays stateless in the sense that matters for scaling out.
 * Created in the composition root (app.ts); nothing lives in module state.
 */
export class DerivedCache {
  private readonly entries = new Map<string, unknown>();
  /** The views kept by `view`: deep-frozen, so their JSON text can be kept too (see http.ts `keptViewSerializer`). */
  private readonly views = new WeakSet<object>();

  constructor(private readonly limit = 500) {}

  /** The value for `key`, computing and remembering it on a miss (least recently used out). */
  get<T>(key: string, compute: () => T): T {
    if (this.entries.has(key)) return this.peek<T>(key)!;
    const v = compute();
    this.entries.set(key, v);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return v;
  }

  /**
   * As `get`, for a response view built once and sent as it is many times: the value is deep-frozen
   * (nothing can change it after it is first sent) and marked, so the serializer may send the JSON
   * text it validated and wrote the first time instead of validating and writing it again.
   */
  view<T extends object>(key: string, compute: () => T): T {
    return this.get(key, () => {
      // A copy: a view may share arrays with the engine's result (node paths), which stay unfrozen.
      const v = deepFreeze(structuredClone(compute()));
      this.views.add(v);
      return v;
    });
  }

  /** Whether `value` is a view kept by `view` (deep-frozen: its JSON text never changes). */
  isView(value: unknown): boolean {
    return typeof value === "object" && value !== null && this.views.has(value);
  }

  /** The value for `key` if present (refreshing its place), else undefined. */
  peek<T>(key: string): T | undefined {
    if (!this.entries.has(key)) return undefined;
    const v = this.entries.get(key) as T;
    // Refresh its place: Map keeps insertion order, so the first key is the least recent.
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  get size(): number {
    return this.entries.size;
  }
}

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
