import { getMessages } from "@/lib/i18n";

export default function NotFound() {
  // not-found has no params; English and French together so every reader understands.
  const en = getMessages("en").common;
  const fr = getMessages("fr").common;
  return (
    <main>
      <h1>{en.notFoundTitle}</h1>
      <p>{en.notFoundBody}</p>
      <h2 lang="fr">{fr.notFoundTitle}</h2>
      <p lang="fr">{fr.notFoundBody}</p>
    </main>
  );
}
