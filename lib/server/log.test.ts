import { describe, expect, it } from "vitest";
import { redact, scrubForLog } from "./log";

describe("an operator reads the logs", () => {
  it("never sees a supporter's email, a token or the parameters of a failed query", () => {
    const err = new Error(
      'Failed query: insert into "supporters" ("email") values ($1)\nparams: nare@example.org,Nare Hakobyan,M1G 3T8',
    );
    const out = String(scrubForLog(err));
    expect(out).toContain("Failed query");
    expect(out).not.toContain("nare@example.org");
    expect(out).not.toContain("Nare Hakobyan");
    expect(out).not.toContain("M1G 3T8");
    expect(redact("link /en/confirm/Q2xhc3NpZmllZC1JbmZvcm1hdGlvbi1kby1ub3QtcmVhZA")).not.toContain("Q2xhc3NpZmllZC");
  });
});

describe("an operator investigates an incident from the logs", () => {
  it("can follow a signature or a letter by its id, while tokens, addresses, postal codes and IPs stay hidden", () => {
    const id = "3f1c9a52-7b1e-4c2d-9a0f-5e6b7c8d9e0a";
    const line = redact(`letter ${id} for nare@example.org at M1G 3T8 from 203.0.113.7 token Q2xhc3NpZmllZC1JbmZvcm1hdGlvbi1kby1ub3QtcmVhZA`);
    expect(line).toContain(id);
    expect(line).not.toContain("nare@example.org");
    expect(line).not.toContain("M1G 3T8");
    expect(line).not.toContain("203.0.113.7");
    expect(line).not.toContain("Q2xhc3NpZmllZC");
  });

  it("sees a request over the body limit as one line, not a stack trace", () => {
    const err = new Error("Body exceeded 200kb limit.\n    at readBody (node_modules/next/dist/server/x.js:1:1)");
    err.stack = `Error: ${err.message}\n    at a (b.js:1:1)\n    at c (d.js:2:2)`;
    const out = String(scrubForLog(err));
    expect(out.split("\n")).toHaveLength(1);
    expect(out).toContain("Body exceeded 200kb limit");
  });
});
