// Constituent's embed script, for partner sites: pasted after an <iframe> of a campaign's
// /<locale>/campaigns/<slug>/embed page, it sets the frame's height to what the framed page says
// its content measures, so the form shows without a scroll bar. It acts only on messages from a
// frame on this page whose address is on the same site as this script, and only sets a height.
(function () {
  "use strict";
  if (window.__constituentEmbed) return;
  window.__constituentEmbed = true;
  var script = document.currentScript;
  var origin;
  try {
    origin = new URL(script && script.src ? script.src : "", location.href).origin;
  } catch {
    return;
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "constituent:height" || typeof data.height !== "number") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      var frameOrigin;
      try {
        frameOrigin = new URL(frame.src, location.href).origin;
      } catch {
        return;
      }
      if (frameOrigin !== event.origin) return;
      frame.style.height = Math.max(100, Math.min(Math.ceil(data.height), 10000)) + "px";
      return;
    }
  });
})();
