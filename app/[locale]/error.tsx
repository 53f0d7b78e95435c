"use client";

import { useParams } from "next/navigation";
import { useTranslations } from "next-intl";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const { locale } = useParams<{ locale: string }>();
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
