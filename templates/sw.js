{% load static %}// Hadir's service worker (config/offline.py): the offline page instead of the browser's error. Nothing else is
// stored: pages of a signed-in person never stay on the phone.
var CACHE = "hadir-offline-{{ version }}";
var OFFLINE = "{% url 'offline' %}";
var KEPT = [OFFLINE, "{% static 'css/hadir.css' %}"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(KEPT); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE); }));
  } else if (KEPT.indexOf(new URL(request.url).pathname) !== -1) {
    event.respondWith(fetch(request).catch(function () { return caches.match(request); }));
  }
});

// Web Push (units/notifications/push.py): the notice's words, and its page when tapped.
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {body: event.data && event.data.text()}; }
  event.waitUntil(self.registration.showNotification(data.title || "Hadir", {
    body: data.body || "", data: {url: data.url || "/"}, icon: "{% static 'img/icon-192.png' %}", lang: "id"
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});
