// The campaign page's only script (served from this site under `script-src 'self'`: the page has
// no inline script). Without it the page works; with it, the share card gains "copy the link" and,
// on phones, the system share sheet.
(function () {
  "use strict";
  var card = document.querySelector("[data-share]");
  if (!card) return;
  var url = card.getAttribute("data-url") || location.href;
  var title = card.getAttribute("data-title") || document.title;
  var status = card.querySelector("[data-share-status]");
  var copy = card.querySelector("[data-share-copy]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        if (status) status.textContent = copy.getAttribute("data-done") || "";
      });
    });
  }
  var native = card.querySelector("[data-share-native]");
  if (native && typeof navigator.share === "function") {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: title, url: url }).catch(function () {});
    });
  }
})();
