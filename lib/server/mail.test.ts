import { describe, expect, it } from "vitest";
import { relayOptions } from "./mail";

describe("an operator points SMTP_URL at their relay", () => {
  it("gets a pooled connection to that host with TLS as the scheme says and the credentials decoded", () => {
    expect(relayOptions("smtps://apikey:p%40ss%2Fword@smtp.example.org")).toEqual({ host: "smtp.example.org", port: 465, secure: true, auth: { user: "apikey", pass: "p@ss/word" } });
    expect(relayOptions("smtp://user:pw@relay.example.org:587")).toEqual({ host: "relay.example.org", port: 587, secure: false, auth: { user: "user", pass: "pw" }, requireTLS: true });
    expect(relayOptions("smtp://127.0.0.1:2525")).toEqual({ host: "127.0.0.1", port: 2525, secure: false });
    expect(relayOptions("smtp://[::1]:25")).toMatchObject({ host: "::1", port: 25 });
  });
});
