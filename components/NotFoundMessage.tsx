import { translator } from "@/lib/i18n";

/**
 * What an address that names nothing says, in English and French together (a 404 knows no reader's
 * language for sure). Used by the locale layout's not-found page and the campaign page's document.
 */
export function NotFoundMessage() {
  const en = translator("en");
  const fr = translator("fr");
  return (
    <main>
      <h1>{en("common.notFoundTitle")}</h1>
      <p>{en("common.notFoundBody")}</p>
      <h2 lang="fr">{fr("common.notFoundTitle")}</h2>
      <p lang="fr">{fr("common.notFoundBody")}</p>
    </main>
  );
}
