import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n";
import { paths } from "@/lib/paths";
import { getSupporterData, supporterDataDocument } from "@/lib/privacy/supporter-data";
import { publicUrl } from "@/lib/server/env";
import { readForm, refuseUnsafeRequest } from "@/lib/server/http";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store", "referrer-policy": "no-referrer" };

/**
 * POST (the "Download as JSON" form, token in the body, never in a URL a proxy would log):
 * everything held about the supporter behind a valid access link, as a file to keep.
 * parse → authenticate (the token) → load → answer. An invalid or expired link goes back to the
 * request form, which says so in the reader's language.
 */
export async function POST(request: Request) {
  const refused = refuseUnsafeRequest(request);
  if (refused) return refused;
  // Read up to the limit only: a chunked body with no Content-Length cannot fill memory.
  const body = await readForm(request);
  if (!body.ok) return body.response;
  const field = (name: string) => body.form.get(name) ?? "";
  const locale = isLocale(field("locale")) ? field("locale") : DEFAULT_LOCALE;
  const data = await getSupporterData(field("token"), locale);
  if (!data) {
    return new Response(null, { status: 303, headers: { ...NO_STORE, location: new URL(paths.myData(locale, { expired: true }), publicUrl()).toString() } });
  }
  return new Response(`${JSON.stringify(supporterDataDocument(data), null, 2)}\n`, {
    status: 200,
    headers: {
      ...NO_STORE,
      "content-type": "application/json; charset=utf-8",
      "content-disposition": 'attachment; filename="constituent-my-data.json"',
      "x-content-type-options": "nosniff",
    },
  });
}
