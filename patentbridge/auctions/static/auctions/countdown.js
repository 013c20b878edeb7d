// Counts the live panel's remaining time down between polls, from the server's figure (data-seconds-left); each
// poll replaces the panel with the server's new figure, so the page never trusts the browser's clock for long.
(function () {
  function tick() {
    document.querySelectorAll("[data-seconds-left]").forEach(function (el) {
      var left = parseInt(el.getAttribute("data-seconds-left"), 10);
      if (isNaN(left)) return;
      left = Math.max(0, left - 1);
      el.setAttribute("data-seconds-left", String(left));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
    });
  }
  setInterval(tick, 1000);
})();
