"use server";

import { notFound, redirect } from "next/navigation";
import { requireActor } from "@/lib/organizer/auth";
import { applyImport, previewImport } from "@/lib/directory/import-apply";
import { IMPORT_MAX_BYTES } from "@/lib/directory/import-parse";
import { isLocale } from "@/lib/i18n";
import type { ImportState } from "./state";
import { rolesThatMay } from "@/lib/organizer/access";

function str(formData: FormData, name: string): string {
  const v = formData.get(name);
  return typeof v === "string" ? v : "";
}

/** The uploaded file's text if one was chosen, else the pasted text. */
async function importText(formData: FormData): Promise<{ text: string } | { error: string }> {
  const file = formData.get("file");
  if (file instanceof File && file.size > 0) {
    if (file.size > IMPORT_MAX_BYTES) return { error: "file.tooLarge" };
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer()) };
    } catch {
      return { error: "file.unreadable" };
    }
  }
  return { text: str(formData, "text") };
}

/**
 * One form, two buttons: "preview" parses and diffs; "apply" re-reads the same text and applies it
 * only if its diff is still the one previewed (the hash the page carries).
 */
export async function directoryImportAction(prev: ImportState, formData: FormData): Promise<ImportState> {
  const locale = isLocale(str(formData, "locale")) ? str(formData, "locale") : "en";
  const actor = await requireActor(locale, str(formData, "orgSlug"), rolesThatMay("platform.manage"));
  const asOf = str(formData, "asOf").trim();
  const read = await importText(formData);
  const seq = prev.seq + 1;
  if ("error" in read) return { seq, values: { text: str(formData, "text"), asOf }, errors: [{ line: 0, code: read.error }] };
  const values = { text: read.text, asOf };
  if (!read.text.trim()) return { seq, values, errors: [{ line: 0, code: "text.required" }] };

  if (str(formData, "intent") === "apply") {
    const r = await applyImport(actor, read.text, asOf, str(formData, "diffHash"), `import by ${actor.organizationSlug}`);
    if (r.ok) redirect(`/${locale}/org/${actor.organizationSlug}/directory?imported=${r.added}-${r.changed}-${r.vacated}`);
    if (r.error === "forbidden") notFound();
    if (r.error === "invalid") return { seq, values, errors: r.errors };
    return { seq, values, errors: [], stale: true, diff: r.diff };
  }
  const r = await previewImport(actor, read.text, asOf);
  if (!r.ok && r.error === "forbidden") notFound();
  if (!r.ok) return { seq, values, errors: r.errors };
  return { seq, values, errors: [], diff: r.diff };
}
