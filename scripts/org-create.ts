/**
 * `npm run org:create -- --name "…" --slug … --owner email [--language fr] [--platform-admin]`
 *
 * Creates an organization and invites its first owner by email, who then signs in at
 * PUBLIC_URL/<locale>/org/sign-in. This is how a production install gets its first (platform)
 * organization; after that, platform owners add organizations from the web. On the embedded
 * database run it while the server is stopped (one process owns a PGlite directory).
 */
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { closeDatabase, getDbHandle } from "@/lib/server/db";
import { publicUrl } from "@/lib/server/env";
import { messageFor, translator } from "@/lib/i18n";
import { closeMail } from "@/lib/server/mail";
import { stopQueue } from "@/lib/jobs/queue";
import { createOrganization, newOrganizationSchema } from "@/lib/platform/organizations";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      name: { type: "string" },
      slug: { type: "string" },
      owner: { type: "string" },
      language: { type: "string", default: "en" },
      "platform-admin": { type: "boolean", default: false },
    },
  });
  const parsed = newOrganizationSchema.safeParse({ name: values.name, slug: values.slug, ownerEmail: values.owner, defaultLocale: values.language });
  if (!parsed.success) {
    const t = translator("en");
    for (const issue of parsed.error.issues) {
      const flag = { ownerEmail: "owner", defaultLocale: "language" }[String(issue.path[0])] ?? String(issue.path[0]);
      console.error(`--${flag}: ${messageFor(t, "platform.errors", issue.message)}`);
    }
    console.error('usage: npm run org:create -- --name "Group name" --slug group-name --owner owner@example.org [--language en|fr] [--platform-admin]');
    return 2;
  }
  await migrateDatabase(await getDbHandle());
  const r = await createOrganization(parsed.data, null, { platformAdmin: values["platform-admin"] });
  if (!r.ok) {
    console.error(r.error === "slug_taken" ? `An organization already uses the slug "${parsed.data.slug}".` : r.error);
    return 1;
  }
  console.log(`Created ${parsed.data.slug}${values["platform-admin"] ? " (platform organization)" : ""}.`);
  console.log(
    r.mailed
      ? `An invitation is queued for the owner (it leaves when the app or npm run worker runs); they sign in at ${publicUrl()}/${parsed.data.defaultLocale}/org/sign-in with that address.`
      : `The invitation email was not queued; the owner can still sign in at ${publicUrl()}/${parsed.data.defaultLocale}/org/sign-in with that address.`,
  );
  return 0;
}

main()
  .then(async (code) => {
    await stopQueue().catch(() => {});
    await closeMail().catch(() => {});
    await closeDatabase().catch(() => {});
    process.exit(code);
  })
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
