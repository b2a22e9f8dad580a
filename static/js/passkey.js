// Passkeys (units/passkeys/): register the phone in hand on "Ponsel saya", and sign each phone check-in with
// it (static/js/hadir.js calls HadirPasskey.sign before the check-in leaves). The options come from the
// server as JSON (py_webauthn's options_to_json: binary values in base64url); the answers go back the same way.
(function () {
  function toBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer), raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, {id: toBytes(c.id)}); });
  }

  function credentialJSON(credential) {
    var response = credential.response, out = {};
    Object.keys({clientDataJSON: 1, attestationObject: 1, authenticatorData: 1, signature: 1, userHandle: 1})
      .forEach(function (name) { if (response[name]) out[name] = toText(response[name]); });
    if (response.getTransports) out.transports = response.getTransports();
    return {
      id: credential.id, rawId: toText(credential.rawId), type: credential.type, response: out,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {}
    };
  }

  function supported() {
    return !!(window.PublicKeyCredential && navigator.credentials);
  }

  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()}, body: body ? JSON.stringify(body) : "{}"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok || data.ok === false) throw new Error(data.error || response.status);
        return data;
      });
    });
  }

  // "Daftarkan ponsel ini" on Ponsel saya.
  function setUpRegistration(box) {
    var button = box.querySelector("[data-passkey-register]"), state = box.querySelector("[data-passkey-state]");
    var name = box.querySelector("input[name=phone_name]");
    if (!supported()) {
      state.textContent = box.dataset.textUnsupported;
      button.disabled = true;
      return;
    }
    button.addEventListener("click", function () {
      button.disabled = true;
      state.textContent = box.dataset.textWorking;
      post(box.dataset.optionsUrl).then(function (options) {
        options.challenge = toBytes(options.challenge);
        options.user.id = toBytes(options.user.id);
        options.excludeCredentials = descriptors(options.excludeCredentials);
        return navigator.credentials.create({publicKey: options});
      }).then(function (credential) {
        return post(box.dataset.registerUrl, {credential: credentialJSON(credential), name: name ? name.value : ""});
      }).then(function () {
        window.location.reload();
      }).catch(function (error) {
        state.textContent = error.name === "NotAllowedError" ? box.dataset.textCancelled : (error.message || box.dataset.textFailed);
        button.disabled = false;
      });
    });
  }

  // A check-in form with data-passkey (the options as JSON): the phone signs this check-in's challenge.
  function sign(form, done) {
    var field = form.elements.passkey;
    if (!form.dataset.passkey || !field) return done();
    if (!supported()) return done();  // the server refuses it, or saves it flagged, in words
    var options = JSON.parse(form.dataset.passkey);
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    navigator.credentials.get({publicKey: options}).then(function (credential) {
      field.value = JSON.stringify(credentialJSON(credential));
    }).catch(function () {
      field.value = "";
    }).then(done);
  }

  // "Masuk dengan passkey ponsel" on the sign-in page (the password form stays the fallback).
  function setUpSignIn(box) {
    if (!supported()) return;  // stays hidden: the password form is all there is
    var button = box.querySelector("button"), state = box.querySelector("[data-passkey-state]");
    box.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      state.textContent = box.dataset.textWorking;
      post(box.dataset.optionsUrl).then(function (options) {
        options.challenge = toBytes(options.challenge);
        options.allowCredentials = descriptors(options.allowCredentials);
        return navigator.credentials.get({publicKey: options});
      }).then(function (credential) {
        return post(box.dataset.url, {credential: credentialJSON(credential), next: box.dataset.next || ""});
      }).then(function (answer) {
        window.location.assign(answer.url);
      }).catch(function (error) {
        state.textContent = error.name === "NotAllowedError" ? box.dataset.textCancelled : (error.message || box.dataset.textCancelled);
        button.disabled = false;
      });
    });
  }

  window.HadirPasskey = {sign: sign};
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-passkey-box]").forEach(setUpRegistration);
    document.querySelectorAll("[data-passkey-sign-in]").forEach(setUpSignIn);
  });
})();
