// Haven: warns before the session's idle limit ends it, with a way to stay.
// The page works without this script; the server keeps what a form carried
// when the session has ended anyway (see pages/resume.rs).
(function () {
  "use strict";
  var idle = Number(document.body.getAttribute("data-idle-seconds"));
  var banner = document.getElementById("session-warning");
  var stay = document.getElementById("session-stay");
  if (!idle || !banner || !stay) {
    return;
  }
  // Two minutes ahead, or halfway for very short limits; the server's
  // clock may have started up to a quarter of the limit (a minute at most) earlier.
  var ahead = Math.min(120 + Math.min(60, idle / 4), idle / 2);
  var timer = null;
  function arm() {
    banner.hidden = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      banner.hidden = false;
      stay.focus();
    }, (idle - ahead) * 1000);
  }
  stay.addEventListener("click", function () {
    fetch("/session/stay", { credentials: "same-origin", redirect: "manual" }).then(function (answer) {
      if (answer.status === 204) {
        arm();
      } else {
        banner.querySelector("p").textContent = stay.getAttribute("data-ended") || banner.querySelector("p").textContent;
      }
    });
  });
  arm();
})();
