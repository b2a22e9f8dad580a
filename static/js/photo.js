// The face photo of a check-in (SE BKPSDM 4/2025), on the check-in card's [data-photo] fieldset
// (templates/attendance/checkin/_camera.html). The front camera shows in a preview; pressing the
// check-in button takes the picture, makes it a JPEG of at most MAX_BYTES in a canvas and puts it in the
// form's file input, so htmx sends it with the check-in (multipart). Without a camera, or when the
// permission is refused, the file input asks the phone's own camera (capture="user"); what it gives is
// made small the same way. The server checks that one face is in it and answers with the same form and
// the reason when it is not. Every state is said in words (the fieldset's data-text-* attributes).
(function () {
  var MAX_BYTES = 100 * 1024;
  var WAIT_MS = 5000;  // how long a press waits for a camera still starting
  var LONGEST = 640;  // the picture sent: 640 × 480 from a 4:3 camera, 480 × 640 held upright
  var stream = null;  // kept across the card's swaps, stopped once a check-in is saved
  var last = null;  // {blob, url}: the last picture chosen with the file input, offered again after a swap

  function say(box, key, kb) {
    var state = box.querySelector("[data-photo-state]");
    var text = box.dataset[key];
    if (state && text) state.textContent = text.replace("{kb}", kb === undefined ? "" : kb);
  }

  function jpeg(source, width, height) {
    // The picture as a JPEG data URL of at most MAX_BYTES: smaller or lower quality until it fits.
    var canvas = document.createElement("canvas");
    var scale = Math.min(1, LONGEST / Math.max(width, height));
    var url = "";
    for (var attempt = 0; attempt < 6; attempt++) {
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      canvas.getContext("2d").drawImage(source, 0, 0, canvas.width, canvas.height);
      for (var quality = 0.85; quality >= 0.5; quality -= 0.1) {
        url = canvas.toDataURL("image/jpeg", quality);
        if (bytesOf(url) <= MAX_BYTES) return url;
      }
      scale *= 0.8;
    }
    return url;
  }

  function bytesOf(url) {
    var data = url.slice(url.indexOf(",") + 1);
    return Math.floor(data.length * 3 / 4);
  }

  function blobOf(url) {
    var data = atob(url.slice(url.indexOf(",") + 1));
    var bytes = new Uint8Array(data.length);
    for (var i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i);
    return new Blob([bytes], {type: "image/jpeg"});
  }

  function put(input, blob) {
    // The picture into the form's file input, where htmx (and a plain submit) takes it from.
    try {
      var files = new DataTransfer();
      files.items.add(new File([blob], "foto.jpg", {type: "image/jpeg"}));
      input.files = files.files;
      return true;
    } catch (e) {
      return false;  // an old browser: the file input keeps what the person chose
    }
  }

  function kb(blob) {
    return Math.max(1, Math.round(blob.size / 1024));
  }

  function showChosen(box, url) {
    var img = box.querySelector("[data-photo-chosen]");
    var video = box.querySelector("[data-photo-video]");
    if (img) { img.src = url; img.hidden = false; }
    if (video) video.hidden = true;
  }

  function useFileInput(box) {
    box.dataset.mode = "file";
    var video = box.querySelector("[data-photo-video]");
    if (video) video.hidden = true;
    say(box, "textNoCamera");
  }

  function stopCamera() {
    if (!stream) return;
    stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
  }

  function startCamera(box) {
    var video = box.querySelector("[data-photo-video]");
    var button = box.querySelector("[data-photo-start]");
    if (button) button.hidden = true;
    if (!video || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      useFileInput(box);
      return;
    }
    say(box, "textStarting");
    box.dataset.mode = "starting";
    var ready = stream ? Promise.resolve(stream) : navigator.mediaDevices.getUserMedia({
      video: {facingMode: "user", width: {ideal: 640}, height: {ideal: 480}},
      audio: false
    });
    ready.then(function (found) {
      stream = found;
      if (!box.isConnected) return;
      video.srcObject = found;
      video.hidden = false;
      var play = video.play();
      if (play && play.catch) play.catch(function () {});
      box.dataset.mode = "camera";
      say(box, "textReady");
    }, function () {
      useFileInput(box);
    });
  }

  function setUp(root) {
    if (!root.querySelector) return;
    var saved = root.querySelector("[data-checkin]");
    if (saved) {
      // The check-in was saved: the camera goes off until the next one is wanted.
      stopCamera();
      last = null;
    }
    var box = root.querySelector("[data-photo]");
    if (!box || box.dataset.photoReady) return;
    box.dataset.photoReady = "1";
    var input = box.querySelector("[data-photo-input]");
    if (box.hasAttribute("data-photo-refused")) last = null;  // the server refused that picture
    if (saved) {
      var button = box.querySelector("[data-photo-start]");
      if (button) button.hidden = false;
      say(box, "textStopped");
    } else if (last && input && put(input, last.blob)) {
      // The same form again for another reason (a reason to type, a better position): keep the picture.
      input.dataset.chosen = "1";
      showChosen(box, last.url);
      say(box, "textChosen", kb(last.blob));
      startCamera(box);
    } else {
      startCamera(box);
    }
  }

  // A picture chosen with the file input: made small like the camera's, and used instead of the camera.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-photo-input]")) return;
    var box = input.closest("[data-photo]");
    var file = input.files && input.files[0];
    delete input.dataset.chosen;
    if (!box || !file) return;
    input.dataset.chosen = "1";
    if (!window.createImageBitmap) return;  // sent as it is; the server says if it is too large
    createImageBitmap(file).then(function (bitmap) {
      var url = jpeg(bitmap, bitmap.width, bitmap.height);
      var blob = blobOf(url);
      if (put(input, blob)) {
        input.dataset.chosen = "1";
        last = {blob: blob, url: url};
        showChosen(box, url);
        say(box, "textChosen", kb(blob));
      }
    }, function () { /* not a picture the browser can read: the server says so */ });
  });

  // The check-in button: take the picture from the camera now, before htmx reads the form.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[type=submit]") : null;
    var form = button && button.form;
    var box = form && form.querySelector("[data-photo]");
    if (!box) return;
    var input = box.querySelector("[data-photo-input]");
    var video = box.querySelector("[data-photo-video]");
    if (!input || input.dataset.chosen || !video) return;
    var starting = box.dataset.mode === "starting" || (box.dataset.mode === "camera" && !video.videoWidth);
    if (starting && !button.dataset.photoWaited) {
      // Pressed while the camera is still starting: wait for its first picture (at most WAIT_MS), then
      // press again, rather than send the check-in without a photo.
      event.preventDefault();
      event.stopImmediatePropagation();
      button.dataset.photoWaited = "1";
      var waited = 0;
      var timer = setInterval(function () {
        waited += 100;
        if ((box.dataset.mode === "camera" && video.videoWidth) || box.dataset.mode === "file" || waited >= WAIT_MS) {
          clearInterval(timer);
          button.click();
          delete button.dataset.photoWaited;
        }
      }, 100);
      return;
    }
    if (box.dataset.mode !== "camera" || !video.videoWidth) return;
    var url = jpeg(video, video.videoWidth, video.videoHeight);
    var blob = blobOf(url);
    if (put(input, blob)) say(box, "textTaken", kb(blob));
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-photo-start]") : null;
    if (button) startCamera(button.closest("[data-photo]"));
  });

  document.addEventListener("htmx:load", function (event) {
    if (event.detail.elt) setUp(event.detail.elt);
  });
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  window.addEventListener("pagehide", stopCamera);
})();
