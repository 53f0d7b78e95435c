import type { Locale } from "./config";
import en, { type Messages } from "./messages/en";
import fr from "./messages/fr";
import hy from "./messages/hy";

export type { Messages };

/** Every language's catalogue; a language in LANGUAGES without one here is a type error. */
export const CATALOGUES: { [L in Locale]: Messages } = { en, fr, hy };
