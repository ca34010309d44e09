// "Copy" buttons beside the snippets: copy the textarea named by data-copy.
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source) return;
  source.select();
  var done = function () { button.textContent = button.getAttribute("data-copied"); };
  if (navigator.clipboard) navigator.clipboard.writeText(source.value).then(done, function () {});
  else if (document.execCommand("copy")) done();
});
