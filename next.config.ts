import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

/** next-intl reads its per-request configuration (locale, catalogue, time zone) from i18n/request.ts. */
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/**
 * Test and benchmark hooks (app/api/test-hooks/[hook]/route.test-hooks.ts → lib/testing/hooks.ts)
 * are compiled only into a build made with CONSTITUENT_TEST_HOOKS=1, and that build goes to its own
 * folder: the production build in .next never contains them (scripts/check-build-routes.mjs says
 * so in `npm test`). `next start` must be given the same flag to find `.next-test`.
 * See docs/decisions/0018-test-hooks-and-parallel-e2e.md.
 */
export const TEST_HOOKS = process.env.CONSTITUENT_TEST_HOOKS === "1";

const nextConfig: NextConfig = {
  distDir: TEST_HOOKS ? ".next-test" : ".next",
  // A file named route.test-hooks.ts is a route only in the test build; otherwise Next ignores it.
  pageExtensions: TEST_HOOKS ? ["tsx", "ts", "jsx", "js", "test-hooks.ts"] : ["tsx", "ts", "jsx", "js"],
  // PGlite loads its WASM and data files at run time; bundling it breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "smtp-server", "mailparser", "nodemailer"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    const common: { key: string; value: string }[] = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
    ];
    // HSTS is the proxy's: it depends on the running instance's PUBLIC_URL, not the build's.
    return [
      { source: "/:path*", headers: common },
      // No page may be framed (the CSP says frame-ancestors 'none' too) but the embeddable sign form,
      // /<locale>/campaigns/<slug>/embed, whose CSP names who may (docs/decisions/0031-embeddable-sign-form.md).
      { source: "/:path((?![^/]+/campaigns/[^/]+/embed/?$).*)", headers: [{ key: "X-Frame-Options", value: "DENY" }] },
      // public/site.css and public/campaign.js are linked by their content's hash (?v=, see
      // components/site-assets.ts): a given address never changes, so it may be kept for a year.
      {
        source: "/:file(site\\.css|campaign\\.js|embed-frame\\.js)",
        has: [{ type: "query", key: "v" }],
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
    ];
  },
  experimental: {
    serverActions: { bodySizeLimit: "200kb" },
  },
};

export default withNextIntl(nextConfig);
