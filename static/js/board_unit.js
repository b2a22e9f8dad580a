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

  // No polling while the tab is hidden (a phone in a pocket), and a refresh as soon as it is shown again.
  // Done here rather than with hx-trigger filters ("[!document.hidden]"), which htmx runs through eval:
  // the Content-Security-Policy refuses eval.
  document.addEventListener("htmx:confirm", function (event) {
    if (document.hidden && event.detail.elt.id === "board") event.preventDefault();
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && document.getElementById("board")) htmx.trigger("#board", "board-refresh");
  });

  // A decision taken in the list under the board: refresh the board. The decided row replaces itself, so
  // htmx announces the end of the request on the nearest element still on the page, inside this section.
  document.addEventListener("htmx:afterRequest", function (event) {
    var decisions = document.getElementById("board-decisions");
    var detail = event.detail;
    if (!decisions || !decisions.contains(event.target)) return;
    if (detail.successful && detail.requestConfig.verb === "post") htmx.trigger("#board", "board-refresh");
  });
})();
