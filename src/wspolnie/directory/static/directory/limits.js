// Says as one types that a text is longer than its field allows (data-maxlength, set by
// directory/fields.py instead of maxlength, which makes the browser cut pasted text without a
// word). The server refuses such text anyway; this only tells it sooner.
(function () {
  "use strict";
  function length(field) {
    var value = field.value.trim();
    // Counted as the server counts: characters, not UTF-16 units; a textarea sends each line
    // break as two (CR LF).
    var count = Array.from(value).length;
    if (field.tagName === "TEXTAREA") { count += (value.match(/\n/g) || []).length; }
    return count;
  }
  function check(field) {
    var limit = parseInt(field.dataset.maxlength, 10);
    var count = length(field);
    var note = field.nextElementSibling;
    if (!note || !note.classList.contains("length-over")) { note = null; }
    if (count > limit) {
      if (!note) {
        note = document.createElement("p");
        note.className = "length-over";
        note.setAttribute("role", "status");
        field.insertAdjacentElement("afterend", note);
      }
      note.textContent = field.dataset.tooLong.replace("{count}", String(count));
    } else if (note) {
      note.remove();
    }
  }
  document.addEventListener("input", function (event) {
    if (event.target.dataset && event.target.dataset.maxlength) { check(event.target); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    // A field the server already refused shows the server's message; one is enough.
    document.querySelectorAll("[data-maxlength]:not([aria-invalid='true'])").forEach(check);
  });
})();
