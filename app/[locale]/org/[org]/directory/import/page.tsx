import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { getTranslations } from "next-intl/server";
import { directoryImportAction } from "./actions";
import { paths } from "@/lib/paths";
import { ImportForm } from "./ImportForm";
import { mayImportDirectory, rolesThatMay } from "@/lib/organizer/access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false } };

export default async function DirectoryImportPage({ params }: { params: Promise<{ locale: string; org: string }> }) {
  const { locale, org } = await params;
  const actor = await requireActor(locale, org, rolesThatMay("platform.manage"));
  if (!(await mayImportDirectory(actor))) notFound();
  const m = await getTranslations({ locale: locale, namespace: "organizer.directory" });
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Toronto" }).format(new Date());
  return (
    <main className="wide">
      <p>
        <a href={paths.org.section(locale, actor.organizationSlug, "directory")}>← {m("heading")}</a>
      </p>
      <h1>{m("import.title")}</h1>
      <p>{m("import.intro")}</p>
      <p className="hint">{m("import.formatHint")}</p>
      <ImportForm action={directoryImportAction.bind(null, { locale, org: actor.organizationSlug })} locale={locale} today={today} />
    </main>
  );
}
