// Haven: type-ahead for the agency choices of a case page's forms. Without
// script the form offers a short list of likely agencies and a link to the
// picker page; with it, a search box beside the list asks the server for
// agencies by name (GET /api/v1/agencies?q=…) and puts the one chosen in
// the list, chosen. Nothing is sent until the user sends the form.
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-agency-search]");
  Array.prototype.forEach.call(selects, function (select) {
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-search";
    input.className = "agency-search";
    input.maxLength = 100;
    input.setAttribute("autocomplete", "off");
    input.setAttribute("list", select.id + "-found");
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = select.getAttribute("data-agency-search");
    var list = document.createElement("datalist");
    list.id = select.id + "-found";
    var status = document.createElement("p");
    status.className = "hint";
    status.setAttribute("aria-live", "polite");
    var after = select.nextSibling;
    [label, input, list, status].forEach(function (node) {
      select.parentNode.insertBefore(node, after);
    });
    var found = {};
    var timer = null;
    var asked = 0;
    function choose(agency) {
      var option = select.querySelector('option[value="' + agency.id + '"]');
      if (!option) {
        option = document.createElement("option");
        option.value = String(agency.id);
        option.textContent = agency.name;
        select.appendChild(option);
      }
      select.value = String(agency.id);
      select.dispatchEvent(new Event("change", { bubbles: true }));
      status.textContent = "";
    }
    // One's own agency, where the form sends the case to another.
    var exclude = select.getAttribute("data-agency-exclude");
    function show(agencies) {
      agencies = agencies.filter(function (agency) {
        return String(agency.id) !== exclude;
      });
      found = {};
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      agencies.forEach(function (agency) {
        var text = agency.name + " (" + agency.code + ")";
        found[text] = agency;
        var option = document.createElement("option");
        option.value = text;
        list.appendChild(option);
      });
      status.textContent = agencies.length ? "" : select.getAttribute("data-agency-none");
    }
    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (found[text]) {
        choose(found[text]);
        return;
      }
      if (text.length < 2) {
        return;
      }
      timer = window.setTimeout(function () {
        var mine = ++asked;
        fetch("/api/v1/agencies?limit=20&q=" + encodeURIComponent(text), {
          credentials: "same-origin",
          headers: { Accept: "application/json" }
        })
          .then(function (answer) {
            return answer.ok ? answer.json() : [];
          })
          .then(function (agencies) {
            // An older answer arriving after a newer question is dropped.
            if (mine === asked) {
              show(agencies);
            }
          })
          .catch(function () {});
      }, 250);
    });
  });
})();
