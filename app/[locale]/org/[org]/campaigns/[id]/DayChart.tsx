import { formatDate, formatNumber } from "@/lib/i18n";

const W = 600;
const H = 160;
const CONFIRMED = "#1f6f43";
const PENDING = "#b9d7c5";

/**
 * Signatures per day as stacked bars (confirmed below, pending above), drawn as inline SVG: no
 * chart library, no script. Screen readers get the figure's label and the table beside it.
 */
export function DayChart({
  locale,
  days,
  label,
  legend,
}: {
  locale: string;
  days: { day: string; confirmed: number; pending: number }[];
  label: string;
  legend: { confirmed: string; pending: string };
}) {
  const max = Math.max(1, ...days.map((d) => d.confirmed + d.pending));
  const slot = W / days.length;
  const bar = Math.max(1, slot - 2);
  const y = (n: number) => (n / max) * (H - 14);
  return (
    <figure style={{ margin: "1rem 0" }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label} style={{ background: "#fff", border: "1px solid #d9dee5", borderRadius: 6 }}>
        <text x={4} y={12} fontSize={11} fill="#5b6573">
          {formatNumber(locale, max)}
        </text>
        {days.map((d, i) => {
          const hc = y(d.confirmed);
          const hp = y(d.pending);
          const x = i * slot + 1;
          return (
            <g key={d.day}>
              <title>{`${formatDate(locale, d.day, "medium")}: ${legend.confirmed} ${formatNumber(locale, d.confirmed)}, ${legend.pending} ${formatNumber(locale, d.pending)}`}</title>
              <rect x={x} y={H - hc} width={bar} height={hc} fill={CONFIRMED} />
              <rect x={x} y={H - hc - hp} width={bar} height={hp} fill={PENDING} />
            </g>
          );
        })}
      </svg>
      <figcaption className="muted" style={{ display: "flex", gap: "1rem", flexWrap: "wrap", fontSize: ".9rem" }}>
        <span>
          <span aria-hidden="true" style={{ display: "inline-block", width: 12, height: 12, background: CONFIRMED, marginRight: 4 }} />
          {legend.confirmed}
        </span>
        <span>
          <span aria-hidden="true" style={{ display: "inline-block", width: 12, height: 12, background: PENDING, marginRight: 4 }} />
          {legend.pending}
        </span>
        <span>
          {formatDate(locale, days[0].day, "medium")} – {formatDate(locale, days[days.length - 1].day, "medium")}
        </span>
      </figcaption>
    </figure>
  );
}
