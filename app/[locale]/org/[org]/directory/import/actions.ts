"use server";

import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { organizerAction } from "@/lib/organizer/action";
import { applyImport, previewImport } from "@/lib/directory/import-apply";
import { IMPORT_MAX_BYTES } from "@/lib/directory/import-parse";
import { paths } from "@/lib/paths";
import type { ImportState } from "./state";

/** The uploaded file's text if one was chosen, else the pasted text. */
async function importText(file: FormDataEntryValue | null, pasted: string): Promise<{ text: string } | { error: string }> {
  if (file instanceof File && file.size > 0) {
    if (file.size > IMPORT_MAX_BYTES) return { error: "file.tooLarge" };
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer()) };
    } catch {
      return { error: "file.unreadable" };
    }
  }
  return { text: pasted };
}

const importForm = z.object({ text: z.string(), asOf: z.string().trim(), intent: z.string(), diffHash: z.string() });

/**
 * Platform owners (platform.manage; lib checks the organization is a platform one). One form, two
 * buttons: "preview" parses and diffs; "apply" re-reads the same text and applies it only if its
 * diff is still the one previewed (the hash the page carries).
 */
export const directoryImportAction = organizerAction(
  "platform.manage",
  { fields: ["text", "asOf", "intent", "diffHash"], schema: importForm },
  async ({ text, asOf, intent, diffHash }, { actor, locale, formData, prev }): Promise<ImportState> => {
    const read = await importText(formData.get("file"), text);
    const seq = ((prev as ImportState | null)?.seq ?? 0) + 1;
    if ("error" in read) return { seq, values: { text, asOf }, errors: [{ line: 0, code: read.error }] };
    const values = { text: read.text, asOf };
    if (!read.text.trim()) return { seq, values, errors: [{ line: 0, code: "text.required" }] };

    if (intent === "apply") {
      const r = await applyImport(actor, read.text, asOf, diffHash, `import by ${actor.organizationSlug}`);
      if (r.ok) redirect(paths.org.section(locale, actor.organizationSlug, "directory", { imported: `${r.added}-${r.changed}-${r.vacated}` }));
      if (r.error === "forbidden") notFound();
      if (r.error === "invalid") return { seq, values, errors: r.errors };
      return { seq, values, errors: [], stale: true, diff: r.diff };
    }
    const r = await previewImport(actor, read.text, asOf);
    if (!r.ok && r.error === "forbidden") notFound();
    if (!r.ok) return { seq, values, errors: r.errors };
    return { seq, values, errors: [], diff: r.diff };
  },
);
