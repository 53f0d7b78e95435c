import { z } from "zod";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/config";
import { fieldErrors, formValues } from "./forms";

/**
 * The one shape of every server action (decision 0016): the page binds what the URL already
 * says (locale, organization, campaign, token) as the first argument; the wrapper reads the
 * named form fields, authorises, validates with the input's zod schema and only then calls the
 * body, which calls lib/ and returns state for the form or redirects.
 *
 * Authorisation runs before validation, so a stranger learns nothing from field errors. Every
 * value typed comes back with the errors, so a form that fails loses nothing.
 *
 * A bound action works in both places a form takes one: `useActionState(action.bind(null,
 * scope), initial)` (it is then called with the previous state and the form data) and
 * `<form action={action.bind(null, scope)}>` (called with the form data alone).
 */
export interface Scope {
  locale: string;
}

export interface ActionContext<Sc extends Scope> {
  /** The locale the scope named, or the default when it named none of ours. */
  locale: Locale;
  scope: Sc;
  /** Every named field as typed (strings), for the form to show again. */
  values: Record<string, string>;
  formData: FormData;
  /** The form's previous state, when the page holds one (useActionState); else null. */
  prev: unknown;
}

/** `St` is the form's state, or void for a form whose every outcome is a redirect. */
export type Action<Sc extends Scope, St> = (scope: Sc, prevOrForm: St | FormData | null, formData?: FormData) => Promise<St>;

export interface Spec<Sc extends Scope, Auth, S extends z.ZodType> {
  /** The form fields handed to the schema (as strings: "" when absent). */
  fields: readonly string[];
  /** Validates and normalises the fields; its first issue per path becomes the field's error code. */
  schema: S;
  /** Who may: throws a redirect or notFound(), or returns what the body needs (the actor). */
  authorise: (scope: Sc, locale: Locale) => Promise<Auth>;
  /** Shapes the raw strings before validation (a ticked box → true). */
  prepare?: (values: Record<string, string>, formData: FormData) => unknown;
  /** A form with no state to show errors in (a button) redirects instead: where to. */
  invalid?: (ctx: ActionContext<Sc>) => never;
}

export function validatedAction<Sc extends Scope, Auth, S extends z.ZodType, St>(
  spec: Spec<Sc, Auth, S>,
  body: (input: z.output<S>, ctx: ActionContext<Sc> & { auth: Auth }) => Promise<St>,
): Action<Sc, St> {
  return async (scope, prevOrForm, maybeForm) => {
    const formData = maybeForm ?? (prevOrForm instanceof FormData ? prevOrForm : new FormData());
    const prev = maybeForm ? prevOrForm : null;
    const locale = isLocale(scope?.locale) ? scope.locale : DEFAULT_LOCALE;
    const auth = await spec.authorise(scope, locale);
    const values = formValues(formData, spec.fields);
    const parsed = await spec.schema.safeParseAsync(spec.prepare ? spec.prepare(values, formData) : values);
    if (!parsed.success) {
      if (spec.invalid) spec.invalid({ locale, scope, values, formData, prev });
      // A form's state (FormState) by default; a form with another shape validates nothing that can fail.
      return { values, errors: fieldErrors(parsed.error) } as St;
    }
    return body(parsed.data, { locale, scope, values, formData, prev, auth });
  };
}

/** A public campaign page's scope: the campaign's slug is the URL's. */
export interface CampaignPageScope extends Scope {
  slug: string;
}

/** A page reached through an emailed link: the token is the URL's, and it is the only proof. */
export interface TokenScope extends Scope {
  token: string;
}

type PublicSpec<Sc extends Scope, S extends z.ZodType> = Omit<Spec<Sc, null, S>, "authorise">;
type PublicBody<Sc extends Scope, S extends z.ZodType, St> = (input: z.output<S>, ctx: ActionContext<Sc>) => Promise<St>;

/**
 * Actions anyone may take. What they may do is decided by lib/ from the proof they carry: the
 * flow cookie of a browser that signed or proved its address, or a token from a mailbox.
 */
export function publicAction<S extends z.ZodType, St>(spec: PublicSpec<Scope, S>, body: PublicBody<Scope, S, St>): Action<Scope, St> {
  return validatedAction({ ...spec, authorise: async () => null }, body);
}

/** A public campaign page's actions (sign, riding, letter, code). */
export function campaignPageAction<S extends z.ZodType, St>(spec: PublicSpec<CampaignPageScope, S>, body: PublicBody<CampaignPageScope, S, St>): Action<CampaignPageScope, St> {
  return validatedAction({ ...spec, authorise: async () => null }, body);
}

/** The actions behind an emailed link (confirm, approve a letter, status, withdraw, unsubscribe). */
export function tokenAction<S extends z.ZodType, St>(spec: PublicSpec<TokenScope, S>, body: PublicBody<TokenScope, S, St>): Action<TokenScope, St> {
  return validatedAction({ ...spec, authorise: async () => null }, body);
}

/** For a form with nothing to validate (a button). */
export const noFields = { fields: [] as const, schema: z.object({}) };
