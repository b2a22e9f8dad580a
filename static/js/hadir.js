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
