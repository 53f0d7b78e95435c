import { getTranslations } from "next-intl/server";
import { signOutAction } from "./actions";

export async function SignOutButton({ locale }: { locale: string }) {
  return (
    <form action={signOutAction.bind(null, { locale })}>
      <button type="submit" className="secondary">
        {(await getTranslations({ locale, namespace: "organizer" }))("signOut")}
      </button>
    </form>
  );
}
