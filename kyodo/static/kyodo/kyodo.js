/* Kyodo's page behaviour. Loaded from a file (the Content-Security-Policy allows no
   inline script); every page works without it except the confirmation dialogs. */
(function () {
  "use strict";

  function openDialog(event) {
    var dialog = document.getElementById(event.currentTarget.getAttribute("data-dialog-open"));
    if (dialog && typeof dialog.showModal === "function") {
      dialog.showModal();
      var first = dialog.querySelector("textarea, input:not([type=hidden]), button[type=submit]");
      if (first) { first.focus(); }
    }
  }

  function closeDialog(event) {
    var dialog = event.currentTarget.closest("dialog");
    if (dialog) { dialog.close(); }
  }

  function requireReason(event) {
    var reason = event.currentTarget.querySelector("textarea[required]");
    if (reason && reason.value.trim() === "") {
      event.preventDefault();
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
    }
  }

  /* A form with data-live-estimate="<url>" refreshes the element named by
     data-live-target with the HTML the URL returns for the form's current values. */
  function liveRefresh(form) {
    var timer = null;
    var target = form.getAttribute("data-live-target");
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var query = new URLSearchParams(new FormData(form)).toString();
        fetch(form.getAttribute("data-live-estimate") + "?" + query, {
          credentials: "same-origin", headers: {"X-Requested-With": "fetch"}
        }).then(function (response) {
          return response.ok ? response.text() : null;
        }).then(function (html) {
          var current = document.getElementById(target);
          if (html && current) { current.outerHTML = html; }
        });
      }, 300);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-live-estimate]").forEach(liveRefresh);
    document.querySelectorAll("[data-dialog-open]").forEach(function (button) {
      button.addEventListener("click", openDialog);
    });
    document.querySelectorAll("[data-dialog-close]").forEach(function (button) {
      button.addEventListener("click", closeDialog);
    });
    document.querySelectorAll("dialog.confirm form").forEach(function (form) {
      form.addEventListener("submit", requireReason);
    });
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
}());
