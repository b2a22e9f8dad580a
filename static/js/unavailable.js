// The database is briefly unreachable: the server answers 503 with a short message
// (templates/503.html, [data-unavailable]). htmx 2 does not swap 4xx/5xx answers, so show the
// message here: inside the form that was sent (the check-in form keeps its token, so pressing the
// button again cannot record twice), or in the page's message box for anything else.
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  if (!xhr || xhr.status !== 503) return;
  var html = new DOMParser().parseFromString(xhr.responseText, "text/html");
  var message = html.querySelector("[data-unavailable]");
  if (!message) return;
  var elt = event.detail.elt;
  var form = elt && elt.closest ? elt.closest("form") : null;
  // What was sent may have been a check-in only when the form carries a one-time token: elsewhere (a
  // board's refresh, a filter, the kiosk screen) the lines about a check-in would only confuse.
  var checkin = form && form.querySelector("input[name=token]");
  if (!checkin) {
    message.querySelectorAll("[data-checkin]").forEach(function (el) { el.remove(); });
  }
  if (form) {
    var old = form.querySelector("[data-unavailable]");
    if (old) old.remove();
    form.insertBefore(document.importNode(message, true), form.firstChild);
    return;
  }
  var box = document.getElementById("messages");
  if (!box) return;
  box.innerHTML = "";
  var p = document.createElement("p");
  p.className = "message error";
  p.setAttribute("data-unavailable", "");
  p.textContent = message.textContent.replace(/\s+/g, " ").trim();
  box.appendChild(p);
});

// A later answer that worked clears the message.
document.addEventListener("htmx:afterRequest", function (event) {
  if (!event.detail.successful) return;
  document.querySelectorAll("#messages [data-unavailable]").forEach(function (el) {
    el.remove();
  });
});
