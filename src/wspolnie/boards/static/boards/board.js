/* A board's live update, drag and drop, and actions without reloading.
 *
 * Live update: every few seconds (data-board-poll) ask the board's version endpoint with
 * If-None-Match; the server answers 304 while nothing changed (one indexed read, any worker).
 * On a new version fetch the columns and replace the ones whose HTML differs, keeping the
 * focus. Without JavaScript every action is a plain form and the page reloads.
 */
(function () {
  "use strict";
  var board = document.querySelector("[data-board-version-url]");
  if (!board) { return; }
  var versionUrl = board.getAttribute("data-board-version-url");
  var columnsUrl = board.getAttribute("data-board-columns-url");
  var interval = parseInt(board.getAttribute("data-board-poll"), 10) || 2000;
  var etag = board.getAttribute("data-board-etag");
  var live = document.getElementById("board-live");
  var busy = false;
  var dragged = null;

  function focusedId() {
    var active = document.activeElement;
    if (!active || active === document.body) { return null; }
    var card = active.closest("[data-card]");
    if (!card) { return null; }
    var controls = Array.prototype.slice.call(card.querySelectorAll("a, button, summary"));
    return { card: card.id, index: controls.indexOf(active) };
  }

  function restoreFocus(where) {
    if (!where) { return; }
    var card = document.getElementById(where.card);
    if (!card) { return; }
    var controls = card.querySelectorAll("a, button, summary");
    var target = controls[where.index] || controls[0];
    if (target) { target.focus(); }
  }

  function swap(html) {
    var fresh = document.createElement("div");
    fresh.innerHTML = html;
    var incoming = fresh.querySelector("#board-columns");
    var current = document.getElementById("board-columns");
    if (!incoming || !current) { return; }
    var where = focusedId();
    var changed = false;
    var sections = incoming.querySelectorAll(".board-column");
    var old = current.querySelectorAll(".board-column");
    if (sections.length !== old.length) {
      current.replaceWith(incoming);
      changed = true;
    } else {
      for (var i = 0; i < sections.length; i++) {
        if (sections[i].outerHTML !== old[i].outerHTML) {
          old[i].replaceWith(sections[i]);
          changed = true;
        }
      }
      current.setAttribute("data-version", incoming.getAttribute("data-version"));
    }
    if (changed) {
      restoreFocus(where);
      setUpDragAndDrop();
      if (live) { live.textContent = board.getAttribute("data-updated-text") || ""; }
    }
  }

  function refresh() {
    return fetch(columnsUrl, { credentials: "same-origin", cache: "no-store",
                               headers: { "X-Requested-With": "board.js" } })
      .then(function (response) {
        if (!response.ok) { return null; }
        etag = response.headers.get("ETag") || etag;
        return response.text();
      })
      .then(function (html) { if (html) { swap(html); } });
  }

  function poll() {
    if (busy || document.hidden || dragged) { return; }
    busy = true;
    var headers = {};
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(versionUrl, { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (response) {
        if (response.status === 200) {
          var fresh = response.headers.get("ETag");
          if (fresh !== etag) { return refresh(); }
        }
        return null;
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { busy = false; });
  }

  function post(form, extra) {
    var data = new FormData(form);
    // The columns may come from a rendering shared by many readers: use this page's token.
    var token = document.querySelector("[name=csrfmiddlewaretoken]");
    if (token) { data.set("csrfmiddlewaretoken", token.value); }
    if (extra) { Object.keys(extra).forEach(function (key) { data.set(key, extra[key]); }); }
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "board.js" }
    }).then(function (response) {
      if (response.status === 204) { return refresh(); }
      // A message to read (refused, too many posts): send the form the plain way.
      Object.keys(extra || {}).forEach(function (key) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = key;
        input.value = extra[key];
        form.appendChild(input);
      });
      form.submit();
      return null;
    });
  }

  // Forms of the cards (+1, move, moderate) are sent in the background.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-board-action")) { return; }
    event.preventDefault();
    var extra = {};
    var button = event.submitter;
    if (button && button.name) { extra[button.name] = button.value; }
    post(form, extra);
  });

  function indexInList(list, y) {
    var cards = Array.prototype.filter.call(list.children, function (item) {
      return item.hasAttribute("data-card") && item !== dragged;
    });
    for (var i = 0; i < cards.length; i++) {
      var box = cards[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) { return i; }
    }
    return cards.length;
  }

  function setUpDragAndDrop() {
    document.querySelectorAll("[data-card][draggable=true]").forEach(function (card) {
      card.addEventListener("dragstart", function (event) {
        dragged = card;
        card.classList.add("is-dragged");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", card.id);
      });
      card.addEventListener("dragend", function () {
        card.classList.remove("is-dragged");
        dragged = null;
      });
    });
    document.querySelectorAll("ol.board-cards").forEach(function (list) {
      list.addEventListener("dragover", function (event) {
        if (dragged) { event.preventDefault(); list.classList.add("is-drop-target"); }
      });
      list.addEventListener("dragleave", function () { list.classList.remove("is-drop-target"); });
      list.addEventListener("drop", function (event) {
        list.classList.remove("is-drop-target");
        if (!dragged) { return; }
        event.preventDefault();
        var card = dragged;
        var index = indexInList(list, event.clientY);
        var form = card.querySelector("form.card-move");
        dragged = null;
        if (!form) { return; }
        var placeholder = list.querySelector(".board-empty");
        if (placeholder) { placeholder.remove(); }
        var others = Array.prototype.filter.call(list.children, function (item) {
          return item.hasAttribute("data-card") && item !== card;
        });
        list.insertBefore(card, others[index] || null);
        post(form, { column: list.getAttribute("data-column"), index: String(index),
                     direction: "" });
      });
    });
  }

  setUpDragAndDrop();
  window.setInterval(poll, interval);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { poll(); } });
})();
