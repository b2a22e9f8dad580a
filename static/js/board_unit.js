// Unit board: what the htmx refresh of #board needs beyond htmx itself. Without JavaScript the page
// simply does not refresh (the filters are a plain GET form).
(function () {
  function forBoard(event) {
    var target = event.detail && event.detail.target;
    return target && target.id === "board";
  }

  // A refresh that did not return the board (the session ended: the sign-in page came back) reloads
  // the page instead of swapping the sign-in form into the board.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!forBoard(event) || event.detail.xhr.status !== 200) return;
    if (event.detail.serverResponse.indexOf('id="board"') === -1) {
      event.detail.shouldSwap = false;
      window.location.reload();
    }
  });

  // Say in words when a refresh failed, and clear it after the next one that worked.
  function note(failed) {
    var box = document.getElementById("board-refresh-note");
    if (box) box.textContent = failed ? box.dataset.failed : "";
  }
  document.addEventListener("htmx:responseError", function (event) { if (forBoard(event)) note(true); });
  document.addEventListener("htmx:sendError", function (event) { if (forBoard(event)) note(true); });
  document.addEventListener("htmx:afterSwap", function (event) { if (forBoard(event)) note(false); });
})();
