import type { z } from "zod";

/** What a form action returns to its page: field errors as i18n codes, and every value typed. */
export interface FormState<V = Record<string, string>> {
  values: V;
  errors: Record<string, string>;
  formError?: string;
}

export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    out[key] ??= issue.message;
  }
  return out;
}

export function formValues(formData: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, typeof formData.get(n) === "string" ? (formData.get(n) as string) : ""]));
}

/** One value of a page's query string (?a=1&a=2 takes none), cut to `max` characters; "" when absent. */
export function queryParam(v: string | string[] | undefined, max = 300): string {
  return typeof v === "string" ? v.slice(0, max) : "";
}
