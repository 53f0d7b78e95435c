"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { organizerAction } from "@/lib/organizer/action";
import { addBlockEntry, blockEntrySchema, removeBlockEntry } from "@/lib/organizer/blocklist";
import type { FormState } from "@/lib/server/forms";
import { paths } from "@/lib/paths";

/** Owners and editors (blocklist.manage). A posted entry id only names what to look up inside the organization. */
export interface AddBlockState extends FormState {
  added?: string;
}

export const addBlockAction = organizerAction("blocklist.manage", { fields: ["kind", "value", "reason"], schema: blockEntrySchema }, async (input, { actor, locale, values }): Promise<AddBlockState> => {
  const r = await addBlockEntry(actor, input);
  if (!r.ok) return { values, errors: r.error === "duplicate" ? { value: "duplicate" } : {}, formError: r.error === "duplicate" ? undefined : "generic" };
  // Back to the page (a fresh GET), so the list shows the new entry, with or without JavaScript.
  redirect(paths.org.section(locale, actor.organizationSlug, "blocklist", { added: r.value }));
});

export const removeBlockAction = organizerAction(
  "blocklist.manage",
  {
    fields: ["entryId"],
    schema: z.object({ entryId: z.string().trim().min(1).max(100) }),
    invalid: ({ scope }) => redirect(paths.org.section(scope.locale, scope.org, "blocklist", { error: "not_found" })),
  },
  async ({ entryId }, { actor, locale }): Promise<void> => {
    const r = await removeBlockEntry(actor, entryId);
    redirect(paths.org.section(locale, actor.organizationSlug, "blocklist", r.ok ? { removed: r.value } : { error: "not_found" }));
  },
);
