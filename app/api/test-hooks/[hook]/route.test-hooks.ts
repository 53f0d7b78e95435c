import { handleTestHook } from "@/lib/testing/hooks";

/**
 * Test and benchmark hooks. The `.test-hooks.ts` name makes this a route only in the build made
 * with CONSTITUENT_TEST_HOOKS=1 (next.config.ts pageExtensions); the production build ignores it.
 */
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ hook: string }> };

export async function GET(request: Request, { params }: Context) {
  return handleTestHook("GET", (await params).hook, request);
}

export async function POST(request: Request, { params }: Context) {
  return handleTestHook("POST", (await params).hook, request);
}
