/* The printable page's "Print or save as PDF" button (no inline scripts). */
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
});
