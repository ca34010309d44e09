// Completeness of multilingual fields, updated as one types (the server renders the same
// state, so the page works without this script).
(function () {
  "use strict";
  function update(status, filled) {
    status.classList.toggle("is-complete", filled);
    status.classList.toggle("is-missing", !filled);
    status.textContent = filled ? status.dataset.completeText : status.dataset.missingText;
  }
  function refreshSummary() {
    document.querySelectorAll("[data-completeness-summary] [data-language]").forEach(function (item) {
      var code = item.dataset.language;
      var statuses = document.querySelectorAll("[data-completeness] .completeness[data-language='" + code + "']");
      var filled = Array.prototype.every.call(statuses, function (s) { return s.classList.contains("is-complete"); });
      update(item.querySelector(".completeness"), filled && statuses.length > 0);
    });
  }
  document.addEventListener("input", function (event) {
    var part = event.target.closest("[data-completeness] .multilingual-part");
    if (!part) { return; }
    var status = part.querySelector(".completeness");
    if (!status) { return; }
    update(status, event.target.value.trim() !== "");
    refreshSummary();
  });
})();
