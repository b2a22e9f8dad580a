// Small progressive enhancements; every page works without this file.
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
(function () {
  function fill(form, values) {
    Object.keys(values).forEach(function (name) {
      var input = form.elements[name];
      if (input) input.value = values[name];
    });
  }

  function locate(form, done) {
    var button = form.querySelector("button[type=submit]");
    var label = button ? button.textContent : "";
    if (button && button.dataset.busy) button.textContent = button.dataset.busy;
    var finish = function (values) {
      fill(form, values);
      if (button) button.textContent = label;
      done();
    };
    var none = {latitude: "", longitude: "", accuracy: ""};
    if (!("geolocation" in navigator)) {
      finish(Object.assign({location_status: "unavailable"}, none));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      function (position) {
        finish({
          location_status: "ok",
          latitude: position.coords.latitude.toFixed(6),
          longitude: position.coords.longitude.toFixed(6),
          accuracy: Math.round(position.coords.accuracy)
        });
      },
      function (error) {
        var status = error.code === 1 ? "denied" : error.code === 3 ? "timeout" : "unavailable";
        finish(Object.assign({location_status: status}, none));
      },
      {enableHighAccuracy: true, timeout: 15000, maximumAge: 15000}
    );
  }

  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("form[data-geolocate]")) return;
    event.preventDefault();
    if (form.dataset.locating) return;  // a second tap while the phone looks for its position
    form.dataset.locating = "1";
    locate(form, function () {
      delete form.dataset.locating;
      event.detail.issueRequest(true);
    });
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
