import { fieldErrors } from "@/lib/server/forms";
import { readJson, refuseUnsafeRequest } from "@/lib/server/http";
import { getTranslations } from "next-intl/server";
import { errorText, isLocale } from "@/lib/i18n";
import { log } from "@/lib/server/log";
import { clientIp } from "@/lib/server/request";
import { createSignature, signInputSchema } from "@/lib/signing/sign";
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from "@/lib/server/unavailable";

/**
 * JSON signing, for partner sites and load tests: the same validation and the same outcome as the
 * form. A new signature and a re-signature get the same 202, so the answer reveals nothing.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const refused = refuseUnsafeRequest(request);
  if (refused) return refused;
  const { slug } = await params;
  const url = new URL(request.url);
  const locale = isLocale(url.searchParams.get("locale")) ? (url.searchParams.get("locale") as string) : "en";
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const parsed = signInputSchema.safeParse(body.value);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return Response.json(
      { error: "invalid", fields: Object.fromEntries(Object.entries(errors).map(([k, code]) => [k, { code, message: errorText(locale, code) }])) },
      { status: 400 },
    );
  }
  let result: Awaited<ReturnType<typeof createSignature>>;
  try {
    result = await createSignature(parsed.data, { campaignSlug: slug, locale, ip: clientIp(request.headers) });
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    // Say so at once, and when to retry. (A commit in doubt when the server went away may still
    // have recorded the signature: signing again is harmless, it counts once.)
    log.warn("signing.database_unavailable", {});
    const m = await getTranslations({ locale: locale, namespace: "common" });
    return Response.json(
      { error: "unavailable", message: `${m("errorTitle")}. ${m("errorBody")}` },
      { status: 503, headers: { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS), "cache-control": "no-store" } },
    );
  }
  if (!result.ok) return Response.json({ error: result.error }, { status: result.error === "campaign.notFound" ? 404 : 409 });
  return Response.json({ status: "check_email" }, { status: 202, headers: { "cache-control": "no-store" } });
}
