import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validatedAction, type Scope } from "./action";

const schema = z.object({ email: z.email("email.invalid"), name: z.string().trim().min(1, "name.required") });

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

/** An action whose authorisation refuses "stranger" and whose body records what it was given. */
function recordingAction() {
  const calls: { input: unknown; locale: string }[] = [];
  const action = validatedAction(
    {
      fields: ["email", "name"],
      schema,
      authorise: async (scope: Scope & { who: string }) => {
        if (scope.who === "stranger") throw new Error("not found");
        return scope.who;
      },
    },
    async (input, { locale }): Promise<{ values: Record<string, string>; errors: Record<string, string>; done?: boolean }> => {
      calls.push({ input, locale });
      return { values: {}, errors: {}, done: true };
    },
  );
  return { action, calls };
}

describe("an organizer submits a form through the one action shape", () => {
  it("gets every value typed back with an error code per field when the input is invalid, and nothing is done", async () => {
    const { action, calls } = recordingAction();
    const state = await action({ locale: "fr", who: "member" }, { values: {}, errors: {} }, form({ email: "not-an-address", name: "  " }));
    expect(state).toEqual({ values: { email: "not-an-address", name: "  " }, errors: { email: "email.invalid", name: "name.required" } });
    expect(calls).toEqual([]);
  });

  it("reaches the body with the normalised input and the scope's locale when the input is valid", async () => {
    const { action, calls } = recordingAction();
    expect(await action({ locale: "fr", who: "member" }, null, form({ email: "a@example.org", name: " Ani " }))).toMatchObject({ done: true });
    expect(calls).toEqual([{ input: { email: "a@example.org", name: "Ani" }, locale: "fr" }]);
  });

  it("is refused before validation when not authorised, so field errors reveal nothing to a stranger", async () => {
    const { action, calls } = recordingAction();
    await expect(action({ locale: "en", who: "stranger" }, form({ email: "x", name: "" }))).rejects.toThrow("not found");
    expect(calls).toEqual([]);
  });

  it("falls back to the default language when the bound locale is not one of ours", async () => {
    const { action, calls } = recordingAction();
    await action({ locale: "/evil.example", who: "member" }, form({ email: "a@example.org", name: "Ani" }));
    expect(calls[0].locale).toBe("en");
  });
});
