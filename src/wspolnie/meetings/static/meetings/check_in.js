/* Check-in by ticket at the door: the phone's camera reads the QR code (jsQR, vendored), or
 * the code is typed in; either way it is posted to the API (the same endpoint for both).
 *
 * A door often has a bad connection: a check-in that cannot be sent waits in localStorage
 * (one queue per meeting) and is sent when the connection is back ("online" event, and a
 * retry every few seconds while anything waits). The server is idempotent, so a check-in
 * sent twice (or scanned by two phones) counts once and is answered "already checked in".
 * Without JavaScript the form posts to the page and works the same, online only.
 */
(function () {
  "use strict";
  var section = document.getElementById("check-in-ticket");
  if (!section) { return; }
  var url = section.getAttribute("data-check-in-url");
  var queueKey = section.getAttribute("data-queue-key");
  var form = document.getElementById("ticket-form");
  var input = document.getElementById("id_ticket");
  var result = document.getElementById("ticket-result");
  var pending = document.getElementById("ticket-pending");
  var pendingCount = document.getElementById("ticket-pending-count");
  var count = document.getElementById("check-in-count");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var RETRY_MS = 5000;
  var syncing = false;

  function readQueue() {
    try { return JSON.parse(window.localStorage.getItem(queueKey) || "[]"); }
    catch (error) { return []; }
  }

  function writeQueue(items) {
    window.localStorage.setItem(queueKey, JSON.stringify(items));
    pendingCount.textContent = String(items.length);
    pending.hidden = items.length === 0;
  }

  function enqueue(ticket) {
    var items = readQueue();
    if (items.indexOf(ticket) === -1) { items.push(ticket); }
    writeQueue(items);
  }

  function dequeue(ticket) {
    writeQueue(readQueue().filter(function (item) { return item !== ticket; }));
  }

  function show(text, kind) {
    result.textContent = text;
    result.className = "ticket-result ticket-result-" + kind;
  }

  /* Post one ticket. Resolves to "done" when the server gave its final answer (checked in,
   * already, refused), "later" when it should be sent again (server trouble, the session
   * needs a new login), "offline" when no answer came at all. */
  function send(ticket) {
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf,
                 "Accept": "application/json" },
      body: JSON.stringify({ ticket: ticket })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          show(body.detail, body.status === "checked_in" ? "ok" : "already");
          if (body.counts && count) { count.textContent = body.counts.text; }
          return "done";
        }
        var final = response.status >= 400 && response.status < 500 &&
          [401, 403, 408, 429].indexOf(response.status) === -1;
        var detail = typeof body.detail === "string" ? body.detail : "";
        show(final ? detail : (detail || section.getAttribute("data-retry-message")),
             final ? "refused" : "waiting");
        return final ? "done" : "later";
      });
    }, function () { return "offline"; });
  }

  function checkIn(ticket) {
    ticket = (ticket || "").trim();
    if (!ticket) { return Promise.resolve(); }
    if (!navigator.onLine) {
      enqueue(ticket);
      show(section.getAttribute("data-offline-message"), "waiting");
      return Promise.resolve();
    }
    return send(ticket).then(function (outcome) {
      if (outcome === "done") { return; }
      enqueue(ticket);
      if (outcome === "offline") { show(section.getAttribute("data-offline-message"), "waiting"); }
    });
  }

  function sync() {
    if (syncing || !navigator.onLine) { return; }
    var items = readQueue();
    if (!items.length) { return; }
    syncing = true;
    var ticket = items[0];
    send(ticket).then(function (outcome) {
      syncing = false;
      if (outcome === "done") {
        dequeue(ticket);
        sync();
      } else if (outcome === "offline") {
        show(section.getAttribute("data-offline-message"), "waiting");
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var ticket = input.value;
    input.value = "";
    checkIn(ticket).then(function () { input.focus(); });
  });

  window.addEventListener("online", sync);
  window.setInterval(sync, RETRY_MS);
  writeQueue(readQueue());
  sync();
  window.checkInTicket = checkIn;  // what the camera calls with a code; tests call it too

  /* --- the camera ---------------------------------------------------------------------- */
  var scanner = document.getElementById("scanner");
  var video = document.getElementById("scanner-video");
  var start = document.getElementById("scanner-start");
  var stop = document.getElementById("scanner-stop");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var lastCode = "";
  var lastAt = 0;
  var SAME_CODE_PAUSE_MS = 4000;  // the code stays in front of the camera for a while
  var MAX_WIDTH = 640;            // enough for a ticket held up to the phone; keeps it fast

  if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.jsQR)) {
    return;  // no camera here (or not over HTTPS): the typed code and the name search remain
  }
  start.hidden = false;

  function frame() {
    if (!stream) { return; }
    if (video.readyState >= 2 && video.videoWidth) {
      var scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height,
                             { inversionAttempts: "dontInvert" });
      var now = Date.now();
      if (code && code.data && (code.data !== lastCode || now - lastAt > SAME_CODE_PAUSE_MS)) {
        lastCode = code.data;
        lastAt = now;
        checkIn(code.data);
      }
    }
    window.requestAnimationFrame(frame);
  }

  function stopCamera() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.srcObject = null;
    scanner.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        scanner.hidden = false;
        start.hidden = true;
        stop.hidden = false;
        return video.play();
      })
      .then(function () { window.requestAnimationFrame(frame); })
      .catch(function () {
        stopCamera();
        show(section.getAttribute("data-camera-error"), "refused");
      });
  });
  stop.addEventListener("click", stopCamera);
  window.addEventListener("pagehide", stopCamera);
})();
