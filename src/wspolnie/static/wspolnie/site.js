// The page's frame (base.html), from a static file because the Content-Security-Policy allows
// no inline script. Without JavaScript the menu stays open and the language has its button.
(function () {
  "use strict";

  // Narrow screens: the menu button shows and hides the navigation and the language switcher
  // (the elements its aria-controls names).
  var toggle = document.querySelector(".menu-toggle");
  var parts = toggle ? toggle.getAttribute("aria-controls").split(" ").map(function (id) {
    return document.getElementById(id);
  }).filter(Boolean) : [];
  if (toggle && parts.length) {
    document.documentElement.classList.add("has-menu-toggle");
    toggle.hidden = false;
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      parts.forEach(function (part) { part.classList.toggle("is-open", open); });
    };
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes an open menu and gives the focus back to its button.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // The language switcher changes the language as soon as one is picked.
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    var form = select.form;
    var button = form && form.querySelector("button[type=submit]");
    if (button) {
      button.hidden = true;
    }
    select.addEventListener("change", function () {
      if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });
  });
})();
