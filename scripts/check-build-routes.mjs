#!/usr/bin/env node
// Reads a finished `next build` and checks which hook routes it serves:
//   node scripts/check-build-routes.mjs            .next (production): no test or bench route, no hook code
//   node scripts/check-build-routes.mjs --test     .next-test (CONSTITUENT_TEST_HOOKS=1): the hook route is there
// The second proves the first looks in the right place. docs/decisions/0018-test-hooks-and-parallel-e2e.md.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const testBuild = process.argv.includes("--test");
const dist = path.join(root, testBuild ? ".next-test" : ".next");

/** Routes only a test build may have (and, for the old ones, that no build may have again). */
const FORBIDDEN = [/^\/api\/test-hooks(\/|$)/, /^\/bench-static/, /^\/api\/bench(\/|$)/, /^\/api\/dev\/(queue|mailbox)(\/|$)/];
/** A string literal of lib/testing/hooks.ts that survives minification. */
const HOOK_MARKER = "the demo campaign is missing (SEED_DEMO)";

function fail(message) {
  console.error(`check-build-routes: ${message}`);
  process.exit(1);
}

function readJson(file) {
  const p = path.join(dist, file);
  if (!existsSync(p)) fail(`${p} is missing: run next build first`);
  return JSON.parse(readFileSync(p, "utf8"));
}

// Every app route the build serves, by URL: the app-path manifest and the routes manifest.
const appPaths = Object.values(readJson("app-path-routes-manifest.json"));
const routes = readJson("routes-manifest.json");
const urls = new Set([...appPaths, ...[...(routes.staticRoutes ?? []), ...(routes.dynamicRoutes ?? [])].map((r) => r.page)]);
if (urls.size < 10) fail(`only ${urls.size} routes found in ${dist}: is this a build?`);
const hookRoutes = [...urls].filter((u) => FORBIDDEN.some((re) => re.test(u)));

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (name.endsWith(".js")) yield p;
  }
}
const withHookCode = [];
for (const f of files(path.join(dist, "server"))) if (readFileSync(f, "utf8").includes(HOOK_MARKER)) withHookCode.push(path.relative(root, f));

if (testBuild) {
  if (!hookRoutes.includes("/api/test-hooks/[hook]")) fail(`${dist} has no /api/test-hooks/[hook] (was it built with CONSTITUENT_TEST_HOOKS=1?)`);
  if (withHookCode.length === 0) fail(`no server chunk of ${dist} holds lib/testing/hooks.ts: the marker string changed?`);
  console.log(`check-build-routes: the test build (${dist}) serves ${hookRoutes.join(", ")} among ${urls.size} routes`);
} else {
  if (hookRoutes.length > 0) fail(`the production build serves test or benchmark routes: ${hookRoutes.join(", ")}`);
  if (withHookCode.length > 0) fail(`the production build contains lib/testing/hooks.ts code: ${withHookCode.join(", ")}`);
  console.log(`check-build-routes: the production build (${dist}) has ${urls.size} routes and no test or benchmark hook`);
}
