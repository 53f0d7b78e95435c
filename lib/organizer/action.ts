import type { z } from "zod";
import { validatedAction, type Action, type ActionContext, type Scope, type Spec } from "@/lib/server/action";
import { rolesThatMay, type Permission } from "./access";
import { requireActor, type Actor } from "./auth";

/** An organizer page's scope: the organization is the URL's, and the membership behind it decides. */
export interface OrgScope extends Scope {
  org: string;
}

/** A campaign's organizer pages: the campaign id is the URL's too; lib/ looks it up inside the organization. */
export interface CampaignScope extends OrgScope {
  campaign: string;
}

type OrgSpec<Sc extends OrgScope, S extends z.ZodType> = Omit<Spec<Sc, Actor, S>, "authorise">;
type OrgBody<Sc extends OrgScope, S extends z.ZodType, St> = (input: z.output<S>, ctx: ActionContext<Sc> & { actor: Actor }) => Promise<St>;

/**
 * The signed-in member's role in the scope's organization must hold the permission (signed out:
 * to sign in; otherwise 404, never a hint that the organization exists). lib/ checks again and
 * scopes its queries to `actor.organizationId`.
 */
function withMember<Sc extends OrgScope, S extends z.ZodType, St>(permission: Permission, spec: OrgSpec<Sc, S>, body: OrgBody<Sc, S, St>): Action<Sc, St> {
  return validatedAction<Sc, Actor, S, St>(
    { ...spec, authorise: (scope, locale) => requireActor(locale, String(scope?.org ?? ""), rolesThatMay(permission)) },
    (input, ctx) => body(input, { ...ctx, actor: ctx.auth }),
  );
}

/** Every action of an organization's pages. */
export function organizerAction<S extends z.ZodType, St>(permission: Permission, spec: OrgSpec<OrgScope, S>, body: OrgBody<OrgScope, S, St>): Action<OrgScope, St> {
  return withMember(permission, spec, body);
}

/** Every action of a campaign's organizer pages. */
export function campaignAction<S extends z.ZodType, St>(permission: Permission, spec: OrgSpec<CampaignScope, S>, body: OrgBody<CampaignScope, S, St>): Action<CampaignScope, St> {
  return withMember(permission, spec, body);
}
