import { fieldErrors } from "@/lib/forms";
import { readJson, refuseUnsafeRequest } from "@/lib/http";
import { errorText, isLocale } from "@/lib/i18n";
import { clientIp } from "@/lib/request";
import { createSignature, signInputSchema } from "@/lib/signatures";

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
  const result = await createSignature(parsed.data, { campaignSlug: slug, locale, ip: clientIp(request.headers) });
  if (!result.ok) return Response.json({ error: result.error }, { status: result.error === "campaign.notFound" ? 404 : 409 });
  return Response.json({ status: "check_email" }, { status: 202, headers: { "cache-control": "no-store" } });
}
