"use server";

import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { campaignAction, type CampaignScope } from "@/lib/organizer/action";
import { decideExportRequest, requestExport } from "@/lib/organizer/export-requests";
import { exportFilterSchema } from "@/lib/organizer/exports";
import { paths } from "@/lib/paths";

/**
 * The export page's acts (decision 0025). A posted request id only names what to look up inside
 * the organization; lib/ decides who may do what to it.
 */
const backTo = (scope: CampaignScope, key: "done" | "error", value: string): never =>
  redirect(paths.org.campaignExport(scope.locale, scope.org, scope.campaign, { [key]: value }));

/** Owners and editors: asks for an export with the chosen filter; the other owners are emailed. */
export const requestExportAction = campaignAction(
  "signatures.export",
  { fields: ["status", "province"], schema: exportFilterSchema, invalid: ({ scope }) => backTo(scope, "error", "generic") },
  async (filter, { actor, scope }): Promise<void> => {
    const r = await requestExport(actor, scope.campaign, filter);
    if (!r.ok && r.error === "not_found") notFound();
    if (!r.ok) backTo(scope, "error", r.error === "not_required" ? "not_required" : "generic");
    backTo(scope, "done", "requested");
  },
);

const decision = { fields: ["requestId"], schema: z.object({ requestId: z.uuid() }), invalid: ({ scope }: { scope: CampaignScope }) => backTo(scope, "error", "not_found") };

/** Owners only, never on their own request. */
export const approveExportAction = campaignAction("exports.approve", decision, async ({ requestId }, { actor, scope }): Promise<void> => {
  const r = await decideExportRequest(actor, requestId, "approve");
  backTo(scope, r.ok ? "done" : "error", r.ok ? "approved" : r.error === "forbidden" ? "generic" : r.error);
});

export const refuseExportAction = campaignAction("exports.approve", decision, async ({ requestId }, { actor, scope }): Promise<void> => {
  const r = await decideExportRequest(actor, requestId, "refuse");
  backTo(scope, r.ok ? "done" : "error", r.ok ? "refused" : r.error === "forbidden" ? "generic" : r.error);
});
