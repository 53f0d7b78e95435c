import { getOrganizationLogo } from "@/lib/organizer/settings";

/**
 * An organization's logo, for its public campaign pages. The type was sniffed from the bytes at
 * upload (PNG, JPEG or WebP only); nosniff and a no-everything CSP keep it an image.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const logo = await getOrganizationLogo(slug.slice(0, 100));
  if (!logo) return new Response("Not found", { status: 404, headers: { "cache-control": "no-store" } });
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      "content-type": logo.type,
      "content-length": String(logo.bytes.byteLength),
      // The page links it with ?v=<upload time>: a new upload is a new address.
      "cache-control": "public, max-age=86400",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}
