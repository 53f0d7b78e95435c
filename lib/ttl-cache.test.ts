import { describe, expect, it } from "vitest";
import { ttlMemo } from "./ttl-cache";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a viral campaign page is read by thousands at once", () => {
  it("loads once per interval, shared by concurrent readers", async () => {
    let loads = 0;
    const memo = ttlMemo("t1", 50, async (k: string) => {
      loads++;
      await sleep(10);
      return `${k}:${loads}`;
    });
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
    }, 1_000);
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
    }, 20);
    await expect(memo.get("k")).rejects.toThrow("database unreachable");
  });
});
