import type { z } from "zod";
import type { FormState } from "@/lib/server/forms";
import { validatedAction, type Action, type ActionContext, type Scope, type Spec } from "@/lib/server/action";
import { rolesThatMay, type Permission } from "./access";
import { requireActor, type Actor } from "./auth";

/** An organizer page's scope: the organization is the URL's, and the membership behind it decides. */
export interface OrgScope extends Scope {
  org: string;
}

/**
 * Every organizer action: the signed-in member's role in the scope's organization must hold the
 * permission (signed out: to sign in; otherwise 404, never a hint that the organization exists).
 * lib/ checks again and scopes its queries to `actor.organizationId`.
 */
export function organizerAction<Sc extends OrgScope, S extends z.ZodType, St extends FormState | void>(
  permission: Permission,
  spec: Omit<Spec<Sc, Actor, S>, "authorise">,
  body: (input: z.output<S>, ctx: ActionContext<Sc> & { actor: Actor }) => Promise<St>,
): Action<Sc, St> {
  return validatedAction<Sc, Actor, S, St>(
    { ...spec, authorise: (scope, locale) => requireActor(locale, String(scope?.org ?? ""), rolesThatMay(permission)) },
    (input, ctx) => body(input, { ...ctx, actor: ctx.auth }),
  );
}
