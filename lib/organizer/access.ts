import { eq } from "drizzle-orm";
import { organizations, type Role } from "@/db/schema";
import { getDb, type Db, type Tx } from "@/lib/server/db";
import type { Actor } from "./organizations";

/**
 * Every "may this actor do X" of the organizer workspace, answered here and nowhere else. Pages
 * use it to hide what an actor cannot do; every lib function that acts checks it again (a page
 * check protects no action), and its queries are scoped to `actor.organizationId` besides.
 */
export type Permission =
  /** Totals, the dashboard's figures without names. */
  | "dashboard.read"
  /** Supporters' names and addresses (lists, the letters needing attention). */
  | "personalData.read"
  | "signatures.export"
  /** Approving or refusing another member's export request, when the organization requires it (decision 0025). */
  | "exports.approve"
  | "campaigns.edit"
  /** Writing to the supporters who asked to be kept informed (decision 0032). */
  | "updates.send"
  | "signatures.moderate"
  | "blocklist.manage"
  | "members.manage"
  | "audit.read"
  | "settings.edit"
  /** Platform pages: an owner here, and the organization must be a platform one (isPlatformOwner). */
  | "platform.manage";

const GRANTS: Record<Permission, readonly Role[]> = {
  "dashboard.read": ["owner", "editor", "viewer"],
  "personalData.read": ["owner", "editor"],
  "signatures.export": ["owner", "editor"],
  "exports.approve": ["owner"],
  "campaigns.edit": ["owner", "editor"],
  "updates.send": ["owner", "editor"],
  "signatures.moderate": ["owner", "editor"],
  "blocklist.manage": ["owner", "editor"],
  "members.manage": ["owner"],
  "audit.read": ["owner"],
  "settings.edit": ["owner"],
  "platform.manage": ["owner"],
};

export function may(actor: Pick<Actor, "role">, permission: Permission): boolean {
  return GRANTS[permission].includes(actor.role);
}

/** The roles holding a permission, for pages that require one of them. */
export function rolesThatMay(permission: Permission): readonly Role[] {
  return GRANTS[permission];
}

/**
 * Platform work (opening the platform to organizations, suspending them, importing the MP
 * directory every campaign writes to) belongs to owners of an organization marked
 * `is_platform_admin`. Read from the database each time, inside the caller's transaction when
 * it has one, so a change of the flag applies at once.
 */
export async function isPlatformOwner(actor: Actor, db?: Db | Tx): Promise<boolean> {
  if (actor.role !== "owner") return false;
  const conn = db ?? (await getDb());
  const [org] = await conn.select({ isPlatformAdmin: organizations.isPlatformAdmin }).from(organizations).where(eq(organizations.id, actor.organizationId));
  return org?.isPlatformAdmin === true;
}

/** Only platform owners replace the MP data (decision 0008). */
export const mayImportDirectory = isPlatformOwner;
