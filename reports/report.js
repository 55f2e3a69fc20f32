/* Findings filter: optional; without JavaScript the full table is shown. */
(function () {
  var table = document.getElementById("findings-table");
  if (!table) { return; }
  var text = document.getElementById("finding-filter");
  var severity = document.getElementById("severity-filter");
  text.parentNode.hidden = false;
  function apply() {
    var needle = text.value.toLowerCase();
    var sev = severity.value;
    var rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var show = (!sev || row.getAttribute("data-severity") === sev) &&
        (!needle || row.textContent.toLowerCase().indexOf(needle) !== -1);
      row.hidden = !show;
    }
  }
  text.addEventListener("input", apply);
  severity.addEventListener("change", apply);
})();
