"use client";

import { useSelectedLayoutSegments } from "next/navigation";

/**
 * The links of a workspace frame, the current one marked for assistive technology. A link is
 * current when the route segments below its layout start with the link's own (`match`); the
 * empty match is current only on the layout's own page.
 */
export function NavLinks({ label, links }: { label: string; links: { href: string; text: string; match: string[] }[] }) {
  const segments = useSelectedLayoutSegments();
  const isCurrent = (match: string[]) => (match.length === 0 ? segments.length === 0 : match.every((s, i) => segments[i] === s));
  return (
    <nav aria-label={label} className="subnav">
      {links.map((l) => (
        <a key={l.href} href={l.href} aria-current={isCurrent(l.match) ? "page" : undefined}>
          {l.text}
        </a>
      ))}
    </nav>
  );
}
