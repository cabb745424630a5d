/* Refreshes the inbox's task list every 15 seconds while the page is visible. The page works
   the same without it (reload by hand). Served from /static: the pages allow no inline script. */
(function () {
  "use strict";
  var ID = "task-list";
  if (!document.getElementById(ID) || !window.fetch || !window.DOMParser) {
    return;
  }
  function refresh() {
    if (document.hidden) {
      return;
    }
    fetch(window.location.href, { credentials: "same-origin", redirect: "error" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(ID);
        var current = document.getElementById(ID);
        if (fresh && current && fresh.innerHTML !== current.innerHTML) {
          current.replaceWith(document.importNode(fresh, true));
        }
      })
      .catch(function () {});
  }
  window.setInterval(refresh, 15000);
})();
