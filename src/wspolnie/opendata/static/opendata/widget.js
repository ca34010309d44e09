/* Wspólnie widgets for other websites. Include once:
 *   <div data-wspolnie-embed="events" data-organisation="slug" data-topic="slug"
 *        data-language="uk" data-lang="uk" data-limit="5"></div>
 *   <div data-wspolnie-embed="directory" data-lang="en"></div>
 *   <script src="https://HUB/embed/widget.js" async></script>
 * Each element becomes an iframe of the hub's widget page; the frame's height follows its
 * content (the page posts it). Nothing else is loaded, no cookie is set.
 * Licence: AGPL-3.0-or-later (part of Wspólnie). */
(function () {
  "use strict";
  var script = document.currentScript;
  var hub = script ? new URL(script.src, document.baseURI).origin : "";
  if (!hub) return;
  var PAGES = { events: "/embed/events/", directory: "/embed/directory/" };
  var PARAMS = ["organisation", "topic", "language", "lang", "limit"];
  var frames = [];

  function build(element) {
    var kind = element.getAttribute("data-wspolnie-embed");
    if (!PAGES[kind] || element.getAttribute("data-wspolnie-ready")) return;
    var url = new URL(PAGES[kind], hub);
    PARAMS.forEach(function (name) {
      var value = element.getAttribute("data-" + name);
      if (value) url.searchParams.set(name, value);
    });
    var frame = document.createElement("iframe");
    frame.src = url.toString();
    frame.title = element.getAttribute("data-title") || (kind === "events" ? "Wspólnie: meetings" : "Wspólnie: search");
    frame.loading = "lazy";
    frame.setAttribute("scrolling", "no");
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.height = kind === "events" ? "420px" : "140px";
    element.setAttribute("data-wspolnie-ready", "1");
    element.appendChild(frame);
    frames.push(frame);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== hub || !event.data || event.data.type !== "wspolnie-embed-height") return;
    var height = Number(event.data.height);
    if (!(height > 0 && height < 20000)) return;
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = height + "px";
    });
  });

  function all() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-wspolnie-embed]"), build);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
