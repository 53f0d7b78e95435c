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
