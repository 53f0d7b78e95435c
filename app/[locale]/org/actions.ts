"use server";

import { signOut } from "@/lib/organizer/auth";
import { isLocale } from "@/lib/i18n";

export async function signOutAction(locale: string): Promise<void> {
  await signOut({ redirectTo: `/${isLocale(locale) ? locale : "en"}` });
}
