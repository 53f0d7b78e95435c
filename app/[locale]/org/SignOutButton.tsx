import { getMessages } from "@/lib/i18n";
import { signOutAction } from "./actions";

export function SignOutButton({ locale }: { locale: string }) {
  return (
    <form action={signOutAction.bind(null, { locale })}>
      <button type="submit" className="secondary">
        {getMessages(locale).organizer.signOut}
      </button>
    </form>
  );
}
