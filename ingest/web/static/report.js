// Optional enhancement of the unmapped-names page; every action works without it.
// Asks before ignoring a name, and keeps the scroll position across the
// post-and-redirect round trip so the operator stays where they were.
(function () {
  "use strict";
  var KEY = "liftlens-unmapped-scroll";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
  document.querySelectorAll("form[method='post']").forEach(function (form) {
    form.addEventListener("submit", function () {
      try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) { /* private mode */ }
    });
  });
  try {
    var y = sessionStorage.getItem(KEY);
    if (y !== null) {
      sessionStorage.removeItem(KEY);
      window.scrollTo(0, parseInt(y, 10) || 0);
    }
  } catch (e) { /* storage unavailable */ }
})();
