import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  // not-found has no params; English and French together so every reader understands.
  const en = await getTranslations({ locale: "en", namespace: "common" });
  const fr = await getTranslations({ locale: "fr", namespace: "common" });
  return (
    <main>
      <h1>{en("notFoundTitle")}</h1>
      <p>{en("notFoundBody")}</p>
      <h2 lang="fr">{fr("notFoundTitle")}</h2>
      <p lang="fr">{fr("notFoundBody")}</p>
    </main>
  );
}
