import { describe, expect, it } from "vitest";
import { EMBED_SCRIPT_PATH, EMBED_SOURCE, embedSnippet } from "./embed";

describe("embedSnippet", () => {
  it("frames the campaign's embed page and loads the sizing script, both from the site's public address", () => {
    const s = embedSnippet({ base: "https://act.example.org", locale: "fr", slug: "drone-sensors", title: "Capteurs de drones" });
    expect(s.frameUrl).toBe("https://act.example.org/fr/campaigns/drone-sensors/embed");
    expect(s.scriptUrl).toBe(`https://act.example.org${EMBED_SCRIPT_PATH}`);
    expect(s.html).toBe(
      '<iframe src="https://act.example.org/fr/campaigns/drone-sensors/embed" title="Capteurs de drones" style="width:100%;height:44rem;border:0" loading="lazy"></iframe>\n' +
        '<script src="https://act.example.org/embed.js" async></script>',
    );
  });

  it("carries a partner's tag, and the default tag is embed (set by the form, not the address)", () => {
    expect(embedSnippet({ base: "https://a.example", locale: "en", slug: "s", title: "T", source: "partner-x" }).frameUrl).toBe("https://a.example/en/campaigns/s/embed?src=partner-x");
    expect(EMBED_SOURCE).toBe("embed");
  });

  it("cannot be broken out of by a campaign title or slug", () => {
    const s = embedSnippet({ base: "https://a.example", locale: "xx", slug: 'a"b', title: `"><script>alert(1)</script> & "more"` });
    expect(s.html).not.toContain("<script>alert");
    expect(s.html).toContain('title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"');
    // An unknown locale becomes the default and the slug is encoded (lib/paths.ts).
    expect(s.frameUrl).toBe("https://a.example/en/campaigns/a%22b/embed");
  });
});
