import { createElement, type ReactNode } from "react";

/**
 * The benchmark's baseline (test build only, like every *.test-hooks.ts file): the fastest page
 * Next.js serves, prerendered at build time and answered from its cache. bench/run.ts measures the
 * campaign page against it. Its own root layout: the site's layout reads request headers, which
 * makes every page under it dynamic.
 */
export default function BenchStaticLayout({ children }: { children: ReactNode }) {
  return createElement("html", { lang: "en" }, createElement("body", null, children));
}
