/** The office's session cookie in a request (pages, actions and routes only: it reads next/headers). */
import { cookies } from "next/headers";
import { secureCookies } from "@/lib/server/env";
import { OFFICE_SESSION_COOKIE, OFFICE_SESSION_HOURS, officeFromSession } from "./inbox";

/** The office this browser signed in as, or null. */
export async function currentOffice(): Promise<string | null> {
  return officeFromSession((await cookies()).get(OFFICE_SESSION_COOKIE)?.value);
}

export async function writeOfficeSession(sealed: string): Promise<void> {
  (await cookies()).set(OFFICE_SESSION_COOKIE, sealed, {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
    maxAge: OFFICE_SESSION_HOURS * 3600,
  });
}

export async function clearOfficeSession(): Promise<void> {
  (await cookies()).delete(OFFICE_SESSION_COOKIE);
}
