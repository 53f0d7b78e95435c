import { createElement } from "react";

export const dynamic = "force-static";

/** A static page of about the campaign page's weight of text (see layout.test-hooks.ts). */
export default function BenchStaticPage() {
  const paragraph = "Made-in-Canada targeting sensors, exported under permits, turned up in drones used in the war. ".repeat(6);
  return createElement(
    "main",
    null,
    createElement("h1", null, "A static page"),
    ...Array.from({ length: 12 }, (_, i) => createElement("p", { key: i }, paragraph)),
  );
}
