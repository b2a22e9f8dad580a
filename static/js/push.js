// Web Push on the notification settings page (units/notifications/views.py, push_subscription): turn notices on
// or off in this browser. Without this script, or without Push support, the page says so and e-mail or
// Telegram remain. The words for each state come from the page (translated there).
(function () {
  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(box, body) {
    return fetch(box.dataset.url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()}, body: JSON.stringify(body)
    }).then(function (response) { if (!response.ok) throw new Error(response.status); });
  }

  function setUp(box) {
    var state = box.querySelector("[data-push-state]");
    var on = box.querySelector("[data-push-on]"), off = box.querySelector("[data-push-off]");
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      state.textContent = box.dataset.textUnsupported;
      return;
    }
    function show(subscription) {
      on.hidden = !!subscription;
      off.hidden = !subscription;
      state.textContent = subscription ? box.dataset.textOn : box.dataset.textOff;
    }
    navigator.serviceWorker.ready.then(function (registration) {  // registered by static/js/hadir.js
        registration.pushManager.getSubscription().then(show);
        on.addEventListener("click", function () {
          on.disabled = true;
          Notification.requestPermission().then(function (permission) {
            if (permission !== "granted") throw new Error("denied");
            return registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key)});
          }).then(function (subscription) {
            return post(box, subscription.toJSON()).then(function () { show(subscription); });
          }).catch(function (error) {
            state.textContent = error.message === "denied" ? box.dataset.textDenied : box.dataset.textFailed;
          }).then(function () { on.disabled = false; });
        });
        off.addEventListener("click", function () {
          registration.pushManager.getSubscription().then(function (subscription) {
            if (!subscription) return show(null);
            return post(box, {endpoint: subscription.endpoint, remove: true})
              .then(function () { return subscription.unsubscribe(); }).then(function () { show(null); });
          }).catch(function () { state.textContent = box.dataset.textFailed; });
        });
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-push]").forEach(setUp);
  });
})();
