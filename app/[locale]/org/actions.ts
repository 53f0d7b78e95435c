"use server";

import { signOut } from "@/lib/organizer/auth";
import { noFields, publicAction } from "@/lib/server/action";
import { paths } from "@/lib/paths";

export const signOutAction = publicAction(noFields, async (_input, { locale }): Promise<void> => {
  await signOut({ redirectTo: paths.home(locale) });
});
