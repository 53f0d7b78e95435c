import type { Metadata } from "next";
import { getMessages } from "@/lib/i18n";

export const metadata: Metadata = { robots: { index: false } };

export default async function WithdrawnPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const m = getMessages(locale);
  return (
    <main>
      <h1>{m.status.withdrawnTitle}</h1>
      <p role="status">{m.status.withdrawnBody}</p>
    </main>
  );
}
