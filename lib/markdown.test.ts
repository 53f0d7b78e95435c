import { describe, expect, it } from "vitest";
import { plainText, renderMarkdown } from "./markdown";

describe("an organizer's Markdown reaches the public page inert", () => {
  it("escapes script tags and HTML event handlers", () => {
    const html = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> **bold**');
    expect(html).not.toContain("<script>");
    expect(html).not.toMatch(/<img[^>]*onerror/);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("<strong>bold</strong>");
  });

  it("drops javascript: and data: links but keeps https links", () => {
    const html = renderMarkdown("[a](javascript:alert(1)) [b](data:text/html,<script>x</script>) [c](https://www.ploughshares.ca/)");
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toMatch(/href="data:/i);
    expect(html).toContain('href="https://www.ploughshares.ca/"');
  });

  it("strips markup from titles used in Open Graph tags and subjects", () => {
    expect(plainText('<b onclick="x">Stop</b> the\nsensors')).toBe("Stop the sensors");
  });
});
