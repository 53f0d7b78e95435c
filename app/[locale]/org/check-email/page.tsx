import { getMessages } from "@/lib/i18n";

export default async function CheckEmailPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const m = getMessages(locale).organizer;
  return (
    <main>
      <h1>{m.checkTitle}</h1>
      <p>{m.checkBody}</p>
    </main>
  );
}
