// A DL's activity site on the request form: "Gunakan lokasi saya sekarang" fills the latitude and longitude
// from the phone. The button shows only with this script; without it the point is typed. The fields are
// swapped in by htmx when DL is chosen, so the click is caught on the document.
(function () {
  function show(root) {
    root.querySelectorAll("[data-site-point]").forEach(function (box) {
      if ("geolocation" in navigator) box.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () { show(document); });
  document.addEventListener("htmx:load", function (event) { show(event.detail.elt); });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-site-point] button");
    if (!button) return;
    var box = button.closest("[data-site-point]");
    var status = box.querySelector("[role=status]");
    var latitude = document.getElementById(box.dataset.latitude);
    var longitude = document.getElementById(box.dataset.longitude);
    button.disabled = true;
    status.textContent = box.dataset.textBusy;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        status.textContent = box.dataset.textDone.replace("{m}", Math.round(position.coords.accuracy));
        button.disabled = false;
      },
      function () {
        status.textContent = box.dataset.textFailed;
        button.disabled = false;
      },
      {enableHighAccuracy: true, timeout: 20000, maximumAge: 0}
    );
  });
})();
