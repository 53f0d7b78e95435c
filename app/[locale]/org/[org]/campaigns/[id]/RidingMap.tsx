import type { RidingMap as Shapes } from "@/lib/organizer/riding-map";
import { formatNumber } from "@/lib/i18n";

const NONE = "#eef1f4";
const SCALE = ["#d3e8db", "#a6d0b6", "#72b38e", "#3f9266", "#1f6f43"];

/**
 * A choropleth of confirmed signatures per riding, as inline SVG (no map library, no script).
 * Each riding carries its name and count as a tooltip; the table beside it is the accessible
 * version and the only readable one for small city ridings.
 */
export function RidingMap({
  locale,
  shapes,
  counts,
  label,
  none,
}: {
  locale: string;
  shapes: Shapes;
  counts: Map<string, number>;
  label: string;
  none: string;
}) {
  const max = Math.max(0, ...counts.values());
  // A square-root scale (one busy riding should not leave every other one the palest shade),
  // as integer thresholds so the colours and the legend agree exactly.
  const from = SCALE.map((_, i) => Math.max(1, Math.ceil(max * (i / SCALE.length) ** 2)));
  const bucket = (n: number) => from.findLastIndex((f) => n >= f);
  const colour = (n: number) => (n <= 0 ? NONE : SCALE[bucket(n)]);
  const legend =
    max > 0
      ? SCALE.map((c, i) => ({ c, lo: from[i], hi: i === SCALE.length - 1 ? max : from[i + 1] - 1 })).filter((s, i) => s.lo <= s.hi && bucket(s.lo) === i)
      : [];
  return (
    <figure style={{ margin: "1rem 0", maxWidth: "48rem" }}>
      <svg viewBox={`0 0 ${shapes.width} ${shapes.height}`} width="100%" role="img" aria-label={label} style={{ background: "#fff", border: "1px solid #d9dee5", borderRadius: 6 }}>
        {shapes.ridings.map((r) => {
          const n = counts.get(r.fedNum) ?? 0;
          return (
            <path key={r.fedNum} d={r.d} fill={colour(n)} stroke="#fff" strokeWidth={0.4}>
              <title>{`${locale === "fr" ? r.nameFr || r.nameEn : r.nameEn}: ${formatNumber(locale, n)}`}</title>
            </path>
          );
        })}
        {shapes.provinces.map((d, i) => (
          <path key={i} d={d} fill="none" stroke="#5b6573" strokeWidth={0.7} pointerEvents="none" />
        ))}
      </svg>
      <figcaption className="muted" style={{ display: "flex", gap: ".75rem", flexWrap: "wrap", alignItems: "center", fontSize: ".9rem" }}>
        <span>
          <span aria-hidden="true" style={{ display: "inline-block", width: 12, height: 12, background: NONE, border: "1px solid #d9dee5", marginRight: 4 }} />
          {none}
        </span>
        {legend.map((s) => (
          <span key={s.c}>
            <span aria-hidden="true" style={{ display: "inline-block", width: 12, height: 12, background: s.c, marginRight: 4 }} />
            {s.lo === s.hi ? formatNumber(locale, s.lo) : `${formatNumber(locale, s.lo)}–${formatNumber(locale, s.hi)}`}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
