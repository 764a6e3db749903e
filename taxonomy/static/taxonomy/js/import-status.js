// Keeps an import's progress page up to date: while the import waits or runs, its status
// part is fetched again every few seconds and replaced (announced politely to screen readers).
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status]");
  if (!box || !box.hasAttribute("data-import-running")) return;
  var url = box.getAttribute("data-import-status");
  function refresh() {
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-import-status]");
        if (!fresh) return;
        box.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute("data-import-running")) window.setTimeout(refresh, 3000);
        else box.removeAttribute("data-import-running");
      })
      .catch(function () { window.setTimeout(refresh, 10000); });
  }
  window.setTimeout(refresh, 3000);
})();
