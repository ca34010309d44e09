// Copy buttons of the renderings page (Clipboard API, with a select-and-execCommand fallback
// for browsers or pages where it is unavailable), and the poster's print button.
(function () {
  "use strict";

  function fallbackCopy(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function report(button, ok) {
    var status = button.parentElement.querySelector(".copy-status");
    if (status) {
      status.textContent = ok ? button.dataset.copied : button.dataset.failed;
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".copy-button");
    if (button) {
      var field = document.getElementById(button.dataset.copyTarget);
      if (!field) {
        return;
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { report(button, true); },
          function () { report(button, fallbackCopy(field)); }
        );
      } else {
        report(button, fallbackCopy(field));
      }
      return;
    }
    if (event.target.closest(".print-button")) {
      window.print();
    }
  });
})();
