import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "./env";
import { clientIp } from "./request";

function withHops(hops: string) {
  process.env.TRUSTED_PROXY_HOPS = hops;
  resetEnvCache();
}
afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
  resetEnvCache();
});

describe("an attacker forges X-Forwarded-For", () => {
  it("changes nothing behind one trusted proxy: the proxy's own entry wins", () => {
    withHops("1");
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
  });

  it("takes the client's entry behind two proxies (CDN then load balancer)", () => {
    withHops("2");
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.0.0.2" }))).toBe("198.51.100.4");
  });

  it("believes no header at all when no proxy is configured", () => {
    withHops("0");
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6" }))).toBeNull();
  });

  it("ignores garbage", () => {
    withHops("1");
    expect(clientIp(new Headers({ "x-forwarded-for": "<script>" }))).toBeNull();
    expect(clientIp(new Headers({}))).toBeNull();
    // Address-like but not an address: would break PostgreSQL's inet comparisons later.
    expect(clientIp(new Headers({ "x-forwarded-for": "999.1.1.1" }))).toBeNull();
    expect(clientIp(new Headers({ "x-forwarded-for": "1:2:3" }))).toBeNull();
    expect(clientIp(new Headers({ "x-forwarded-for": "2001:db8::7" }))).toBe("2001:db8::7");
  });
});
