"use client";

import { useTranslations } from "next-intl";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const m = useTranslations("common");
  return (
    <main role="alert">
      <h1>{m("errorTitle")}</h1>
      <p>{m("errorBody")}</p>
      <button type="button" onClick={() => reset()}>
        {m("tryAgain")}
      </button>
    </main>
  );
}
