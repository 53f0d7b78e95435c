// The embeddable sign form's only script (served from this site under `script-src 'self'`; the
// page has no inline script). When the form is framed by another site, it tells the parent page
// its height, so the partner's copy of /embed.js can size the frame; without it the frame keeps
// the height the snippet gave it and scrolls. It sends a number and nothing else.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "constituent:height", height: height }, "*");
  }
  if (typeof ResizeObserver === "function") new ResizeObserver(post).observe(document.documentElement);
  window.addEventListener("load", post);
  post();
})();
