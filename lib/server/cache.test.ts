import { describe, expect, it } from "vitest";
import { ttlMemo } from "./cache";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SMALL = { maxEntries: 100, maxBytes: 100_000 };

describe("a viral campaign page is read by thousands at once", () => {
  it("loads once per interval, shared by concurrent readers", async () => {
    let loads = 0;
    const memo = ttlMemo("t1", 50, async (k: string) => {
      loads++;
      await sleep(10);
      return `${k}:${loads}`;
    }, SMALL);
    const values = await Promise.all(Array.from({ length: 100 }, () => memo.get("a")));
    expect(new Set(values)).toEqual(new Set(["a:1"]));
    expect(loads).toBe(1);
    await sleep(60);
    expect(await memo.get("a")).toBe("a:2");
  });

  it("keeps serving the last value while the database is down, then recovers", async () => {
    let down = false;
    let n = 0;
    const memo = ttlMemo("t2", 20, async () => {
      if (down) throw new Error("database unreachable");
      return ++n;
    }, { ...SMALL, staleIfErrorMs: 1_000 });
    expect(await memo.get("k")).toBe(1);
    down = true;
    await sleep(30);
    expect(await memo.get("k")).toBe(1);
    down = false;
    expect(await memo.get("k")).toBe(2);
  });

  it("reports the error when there is nothing to fall back on, or the value is too old", async () => {
    const memo = ttlMemo("t3", 10, async () => {
      throw new Error("database unreachable");
    }, { ...SMALL, staleIfErrorMs: 20 });
    await expect(memo.get("k")).rejects.toThrow("database unreachable");
  });
});

describe("no stream of requests can grow a memo past its limits", () => {
  it("holds at most its entry bound after 20,000 distinct keys, keeping the most recently used", async () => {
    const memo = ttlMemo("t4", 60_000, async (k: number) => k * 2, { maxEntries: 500, maxBytes: 1_000_000 });
    for (let k = 0; k < 20_000; k++) await memo.get(k);
    expect(memo.stats()).toMatchObject({ entries: 500, inFlight: 0 });
    expect(memo.stats().bytes).toBeLessThanOrEqual(1_000_000);
  });

  it("holds at most its size bound, and never holds a value larger than the whole bound", async () => {
    let loads = 0;
    const memo = ttlMemo("t5", 60_000, async (n: number) => {
      loads++;
      return "x".repeat(n);
    }, { maxEntries: 1_000, maxBytes: 100_000 });
    for (let k = 0; k < 200; k++) await memo.get(10_000 + k);
    expect(memo.stats().bytes).toBeLessThanOrEqual(100_000);
    expect(memo.stats().entries).toBeLessThanOrEqual(10);
    const huge = await memo.get(200_000);
    expect(huge).toHaveLength(200_000);
    expect(memo.stats().bytes).toBeLessThanOrEqual(100_000);
    loads = 0;
    await memo.get(200_000);
    expect(loads).toBe(1);
  });

  it("holds nothing for keys that name nothing, while concurrent askers still share one load", async () => {
    let loads = 0;
    const memo = ttlMemo("t6", 60_000, async (slug: string) => {
      loads++;
      await sleep(10);
      return slug === "real" ? { slug } : null;
    }, { maxEntries: 100, maxBytes: 100_000, cacheable: (v) => v !== null });
    const answers = await Promise.all(Array.from({ length: 1_000 }, () => memo.get("no-such-campaign")));
    expect(answers.every((a) => a === null)).toBe(true);
    expect(loads).toBe(1);
    await Promise.all(Array.from({ length: 5_000 }, (_, i) => memo.get(`random-${i}`)));
    expect(memo.stats()).toMatchObject({ entries: 0, bytes: 0, inFlight: 0 });
    expect(await memo.get("real")).toEqual({ slug: "real" });
    expect(memo.stats().entries).toBe(1);
  });

  it("does not keep what a load read before an edit cleared the memo", async () => {
    let version = 1;
    const memo = ttlMemo("t7", 60_000, async () => {
      const seen = version;
      await sleep(20);
      return seen;
    }, SMALL);
    const before = memo.get("page");
    await sleep(5);
    version = 2;
    memo.invalidate();
    expect(await before).toBe(1);
    expect(await memo.get("page")).toBe(2);
  });
});
