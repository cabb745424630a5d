/* "Use this text" on the case view: puts a suggested reply into the message to the customer,
   ready to edit. Without JavaScript the buttons stay hidden and the agent copies the text by
   hand. Served from /static: the staff pages allow no inline script. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button.use-reply");
  Array.prototype.forEach.call(buttons, function (button) {
    var source = document.getElementById(button.getAttribute("data-reply"));
    var target = document.getElementById(button.getAttribute("data-target"));
    if (!source || !target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      target.value = source.textContent.trim();
      target.focus();
      target.scrollIntoView({ block: "center" });
    });
  });
})();
