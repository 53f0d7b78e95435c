import type { ReactNode } from "react";

/**
 * A wide table that scrolls sideways on a narrow screen. A region that scrolls must be reachable by
 * keyboard (WCAG 2.1.1; axe's scrollable-region-focusable), so it takes focus and is named by the
 * heading it belongs to.
 */
export function ScrollRegion({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={labelledBy}>
      {children}
    </div>
  );
}
