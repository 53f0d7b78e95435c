import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

/** next-intl reads its per-request configuration (locale, catalogue, time zone) from i18n/request.ts. */
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files at run time; bundling it breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "smtp-server", "mailparser", "nodemailer"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
    ];
    // HSTS only where the site is served over HTTPS (never on the localhost embedded default).
    if ((process.env.PUBLIC_URL ?? "").startsWith("https://")) {
      common.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
    }
    return [{ source: "/:path*", headers: common }];
  },
  experimental: {
    serverActions: { bodySizeLimit: "200kb" },
  },
};

export default withNextIntl(nextConfig);
