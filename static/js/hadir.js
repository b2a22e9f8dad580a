// Small progressive enhancements; every page works without this file.

// The offline page instead of the browser's error when the phone cannot reach Hadir (config/offline.py).
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () { navigator.serviceWorker.register("/sw.js").catch(function () {}); });
}
document.addEventListener("messages", function (event) {
  var box = document.getElementById("messages");
  if (!box) return;
  box.innerHTML = "";
  event.detail.value.forEach(function (m) {
    var p = document.createElement("p");
    p.className = "message " + m.level;
    p.textContent = m.text;
    box.appendChild(p);
  });
});

// Phones: the header's menu button opens and closes the menu; Escape closes it and gives the button focus.
document.addEventListener("click", function (event) {
  var toggle = event.target.closest && event.target.closest(".menu-toggle");
  if (!toggle) return;
  var open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  document.getElementById(toggle.getAttribute("aria-controls")).classList.toggle("open", open);
});
document.addEventListener("keydown", function (event) {
  var toggle = document.querySelector(".menu-toggle[aria-expanded=true]");
  if (event.key !== "Escape" || !toggle) return;
  toggle.setAttribute("aria-expanded", "false");
  document.getElementById(toggle.getAttribute("aria-controls")).classList.remove("open");
  toggle.focus();
});

// The header's link to the page shown says so (aria-current), for screen readers and in bold.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("header.site nav a").forEach(function (link) {
    if (link.pathname === window.location.pathname) link.setAttribute("aria-current", "page");
  });
});

// Date fields: the chosen date in words beside the browser's picker ("Senin, 7 Desember 2026"), which writes
// dates in the phone's own format. Only a display: the field sends the ISO date as before.
(function () {
  function words(input) {
    var box = input.nextElementSibling;
    if (!box || !box.classList.contains("date-words")) {
      box = document.createElement("span");
      box.className = "date-words";
      input.insertAdjacentElement("afterend", box);
    }
    var parts = (input.value || "").split("-");
    if (parts.length !== 3) { box.textContent = ""; return; }
    var day = new Date(+parts[0], +parts[1] - 1, +parts[2]);
    var lang = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
    box.textContent = isNaN(day) ? "" : day.toLocaleDateString(lang, {weekday: "long", day: "numeric", month: "long", year: "numeric"});
  }
  function all(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("input[type=date]").forEach(words);
  }
  document.addEventListener("DOMContentLoaded", function () { all(document); });
  document.addEventListener("htmx:load", function (event) { all(event.detail.elt); });
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[type=date]")) words(event.target);
  });
})();

// Unit form: tick "frontline" by default when a frontline kind is chosen.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches("select[data-frontline-kinds]")) return;
  var box = document.getElementById(select.dataset.frontlineTarget);
  if (!box) return;
  var kinds = select.dataset.frontlineKinds.split(" ");
  box.checked = kinds.indexOf(select.value) !== -1;
});

// A cell's form opened on a narrow screen: scroll the table sideways so the whole form shows.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (target && target.matches && target.matches("table.plan td") && target.querySelector(".cell-form")) {
    target.scrollIntoView({block: "nearest", inline: "nearest"});
  }
});

// --- Check-in and kiosk (attendance: check-in developer) ---

// Check-in form: read the phone's location into the hidden fields, then send. htmx waits on
// htmx:confirm until issueRequest() is called, so the request leaves only once the browser answered.
// Without this script the form still posts; the server then asks for a reason (location unknown).
// When the server answers that the position is too imprecise for the place (a "Coba lagi" form with
// #accuracy-now), the phone keeps watching its position for a while, says how accurate it is now, and
// the next press sends the best fix seen (the server counts the attempts: CHECKIN_ACCURACY_TRIES).
(function () {
  var WATCH_MS = 60000;  // how long to keep watching after a "wait for a better fix" answer
  var FRESH_MS = 30000;  // a watched fix older than this is not sent
  var watch = null;  // {id, timer, best: {values, accuracy, at}}

  function fill(form, values) {
    Object.keys(values).forEach(function (name) {
      var input = form.elements[name];
      if (input) input.value = values[name];
    });
  }

  function valuesOf(position) {
    return {
      location_status: "ok",
      latitude: position.coords.latitude.toFixed(6),
      longitude: position.coords.longitude.toFixed(6),
      accuracy: Math.round(position.coords.accuracy)
    };
  }

  function stopWatching() {
    if (!watch) return;
    navigator.geolocation.clearWatch(watch.id);
    clearTimeout(watch.timer);
    watch = null;
  }

  function say(box, template, metres) {
    box.textContent = template.replace("{m}", metres);
  }

  function startWatching(root) {
    var box = root.querySelector ? root.querySelector("#accuracy-now[data-accuracy-goal]") : null;
    stopWatching();
    if (!box || !("geolocation" in navigator)) return;
    var goal = parseInt(box.dataset.accuracyGoal, 10);
    box.hidden = false;
    box.textContent = box.dataset.textWait;
    var current = {id: null, timer: null, best: null};
    current.id = navigator.geolocation.watchPosition(
      function (position) {
        var accuracy = Math.round(position.coords.accuracy);
        var now = Date.now();
        var best = current.best;
        if (!best || accuracy <= best.accuracy || now - best.at > FRESH_MS) {
          current.best = {values: valuesOf(position), accuracy: accuracy, at: now};
        }
        say(box, accuracy <= goal ? box.dataset.textGood : box.dataset.textPoor, accuracy);
      },
      function () { /* keep the last words; the next press asks the phone again */ },
      {enableHighAccuracy: true, maximumAge: 0, timeout: 20000}
    );
    current.timer = setTimeout(function () {
      if (watch === current) {
        stopWatching();
        box.textContent = box.dataset.textStopped;
      }
    }, WATCH_MS);
    watch = current;
  }

  function locate(form, done) {
    var button = form.querySelector("button[type=submit]");
    var label = button ? button.textContent : "";
    var retry = !!form.querySelector("#accuracy-now");
    // After an answer that asked for more (a better fix, or a reason outside the radius) the person may
    // have moved: a new fix, not the one the phone kept.
    var fresh = retry || !!form.querySelector("[role=alert]");
    if (button && button.dataset.busy) button.textContent = button.dataset.busy;
    var finish = function (values) {
      fill(form, values);
      if (button) button.textContent = label;
      done();
    };
    var none = {latitude: "", longitude: "", accuracy: ""};
    // The demo clock's "send the place's point" box (README.md, "Demo clock"): the point, 5 m accurate.
    var demo = form.querySelector("#demo-location:checked");
    if (demo) {
      finish({location_status: "ok", latitude: demo.dataset.latitude, longitude: demo.dataset.longitude, accuracy: 5});
      return;
    }
    if (!("geolocation" in navigator)) {
      finish(Object.assign({location_status: "unavailable"}, none));
      return;
    }
    var watched = retry && watch && watch.best && Date.now() - watch.best.at <= FRESH_MS ? watch.best : null;
    if (watched) {
      stopWatching();
      finish(watched.values);
      return;
    }
    stopWatching();
    navigator.geolocation.getCurrentPosition(
      function (position) { finish(valuesOf(position)); },
      function (error) {
        var status = error.code === 1 ? "denied" : error.code === 3 ? "timeout" : "unavailable";
        finish(Object.assign({location_status: status}, none));
      },
      {enableHighAccuracy: true, timeout: 15000, maximumAge: fresh ? 0 : 15000}
    );
  }

  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("form[data-geolocate]")) return;
    event.preventDefault();
    if (form.dataset.locating) return;  // a second tap while the phone looks for its position
    form.dataset.locating = "1";
    locate(form, function () {
      // Then the registered phone signs this check-in, where the unit asks for it (static/js/passkey.js).
      var signed = function () {
        delete form.dataset.locating;
        event.detail.issueRequest(true);
      };
      if (window.HadirPasskey) window.HadirPasskey.sign(form, signed); else signed();
    });
  });

  // A "Coba lagi" answer swapped in (or a page loaded with one): watch for a better fix.
  document.addEventListener("htmx:load", function (event) {
    if (event.detail.elt && event.detail.elt.id === "checkin") startWatching(event.detail.elt);
  });
  document.addEventListener("DOMContentLoaded", function () {
    startWatching(document);
  });
})();

// Kiosk: count the seconds down between polls; reload the page when a poll did not return the code
// (the session ended: the reload shows the sign-in page instead of swapping it into the QR box).
setInterval(function () {
  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    var left = parseInt(el.textContent, 10);
    if (left > 1) el.textContent = left - 1;
  });
}, 1000);
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.elt.id === "kiosk-qr" && event.detail.serverResponse.indexOf('id="kiosk-qr"') === -1) {
    event.detail.shouldSwap = false;
    window.location.reload();
  }
});
