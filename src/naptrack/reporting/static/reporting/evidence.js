// Evidence uploads: refuse a file over the size limit as soon as it is chosen, with the same
// message as the server, so that nobody waits for a 200 MB upload to be turned down.
// The server checks again; this only spares the wait. Loaded once, whatever the number of blocks.
(function () {
  "use strict";
  if (window.naptrackEvidence) return;
  window.naptrackEvidence = true;
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
    var limit = Number(input.dataset.maxBytes);
    var file = input.files && input.files[0];
    var message = file && file.size > limit ? input.dataset.tooLarge : "";
    input.setCustomValidity(message);
    input.setAttribute("aria-invalid", message ? "true" : "false");
    var error = document.getElementById(input.dataset.errorId);
    if (error) {
      error.textContent = message;
      error.hidden = !message;
    }
  });
})();
