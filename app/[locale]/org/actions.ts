"use server";

import { signOut } from "@/lib/auth";

export async function signOutAction(locale: string): Promise<void> {
  await signOut({ redirectTo: `/${locale}` });
}
