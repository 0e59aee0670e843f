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

  document.addEventListener("DOMContentLoaded", function () {
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
