// "Back to the form" on the 413 page: the browser's own back keeps what was typed in the
// form (a plain link to the form would load it empty). Without script, the link goes to
// the start page.
(function () {
  var links = document.querySelectorAll("[data-history-back]");
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  }
})();
