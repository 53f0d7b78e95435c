import { ScrollRegion } from "@/components/ScrollRegion";
import type { LettersNeedingAttention } from "@/lib/organizer/dashboard";
import { createTranslator } from "next-intl";
import { formatDateTime, formatNumber, intlConfig } from "@/lib/i18n";

/** Failed letters with their reason, and letters waiting for an office's daily cap (server component). */
export function LettersAttention({ locale, data, showSupporter }: { locale: string; data: LettersNeedingAttention; showSupporter: boolean }) {
  // Synchronous (createTranslator, not getTranslations): its unit test renders it to static markup.
  const t = createTranslator({ ...intlConfig(locale), namespace: "organizer.dashboard" });
  const n = (x: number) => formatNumber(locale, x);
  return (
    <section aria-labelledby="attention">
      <h2 id="attention">{t("attention")}</h2>
      {data.failedTotal === 0 && data.deferred.length === 0 && data.bounced.length === 0 ? <p className="muted">{t("attentionNone")}</p> : null}
      {data.bounced.length > 0 ? (
        <>
          <h3 id="bounced-letters">{t("bouncedLetters")}</h3>
          <p className="muted">{t("bouncedHint")}</p>
          <table aria-labelledby="bounced-letters" data-testid="bounced-offices">
            <thead>
              <tr>
                <th scope="col">{t("mp")}</th>
                <th scope="col">{t("deferredCount")}</th>
                <th scope="col">{t("bouncedWhen")}</th>
              </tr>
            </thead>
            <tbody>
              {data.bounced.map((b) => (
                <tr key={b.representativeId}>
                  <td>{b.mpName}</td>
                  <td>{n(b.count)}</td>
                  <td>{t("bouncedOn", { date: formatDateTime(locale, b.bouncedAt) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {data.failedTotal > 0 ? (
        <>
          <h3 id="failed-letters">{t("failedLetters", { count: n(data.failedTotal) })}</h3>
          <p className="muted">
            {t("failedHint")} {data.failedTotal > data.failed.length ? t("failedShown", { shown: n(data.failed.length) }) : null}
          </p>
          <ScrollRegion labelledBy="failed-letters">
            <table aria-labelledby="failed-letters">
              <thead>
                <tr>
                  <th scope="col">{t("failedMp")}</th>
                  {showSupporter ? <th scope="col">{t("failedSupporter")}</th> : null}
                  <th scope="col">{t("failedWhen")}</th>
                  <th scope="col">{t("failedAttempts")}</th>
                  <th scope="col">{t("failedReason")}</th>
                </tr>
              </thead>
              <tbody>
                {data.failed.map((f) => (
                  <tr key={f.letterId}>
                    <td>{f.mpName}</td>
                    {showSupporter ? <td>{f.supporterName}</td> : null}
                    <td>{f.failedAt ? formatDateTime(locale, f.failedAt) : ""}</td>
                    <td>{n(f.attempts)}</td>
                    <td>
                      <code>{f.reason}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      ) : null}
      {data.deferred.length > 0 ? (
        <>
          <h3 id="deferred-letters">{t("deferredLetters")}</h3>
          <p className="muted">{t("deferredHint", { cap: n(data.dailyCap) })}</p>
          <table aria-labelledby="deferred-letters">
            <thead>
              <tr>
                <th scope="col">{t("mp")}</th>
                <th scope="col">{t("deferredCount")}</th>
                <th scope="col">{t("deferredWhen")}</th>
              </tr>
            </thead>
            <tbody>
              {data.deferred.map((d) => (
                <tr key={d.representativeId}>
                  <td>{d.mpName}</td>
                  <td>{n(d.count)}</td>
                  <td>{formatDateTime(locale, d.resumesAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
