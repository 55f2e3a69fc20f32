/* archgov report: the findings table (sort, filter, links into the graph). Optional: without
   JavaScript the whole table shows. Reads only the page's own markup; never writes HTML. */
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById("finding-filter");
  var severity = document.getElementById("severity-filter");
  var rule = document.getElementById("rule-filter");
  var service = document.getElementById("service-filter");
  var shown = document.getElementById("finding-count");
  var sortKey = null, ascending = true;
  document.getElementById("finding-filters").hidden = false;

  function apply() {
    var needle = text.value.toLowerCase(), sev = severity.value, r = rule.value, svc = service.value;
    var count = 0;
    rows.forEach(function (row) {
      var ok = (!sev || row.getAttribute("data-severity") === sev) &&
        (!r || row.getAttribute("data-rule") === r) &&
        (!svc || row.getAttribute("data-services").split("\t").indexOf(svc) !== -1) &&
        (!needle || row.textContent.toLowerCase().indexOf(needle) !== -1);
      row.hidden = !ok;
      if (ok) { count++; }
    });
    shown.textContent = count === rows.length ? "" : count + " of " + rows.length + " shown";
  }
  function value(row, key) {
    return key === "severity" ? Number(row.getAttribute("data-rank")) : (row.getAttribute("data-" + key) || "");
  }
  function sortBy(key) {
    ascending = sortKey === key ? !ascending : key !== "severity";
    sortKey = key;
    var sorted = rows.slice().sort(function (a, b) {
      var x = value(a, key), y = value(b, key);
      var c = x < y ? -1 : x > y ? 1 : rows.indexOf(a) - rows.indexOf(b);
      return ascending ? c : -c;
    });
    sorted.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (th) {
      th.setAttribute("aria-sort", th.getAttribute("data-sort") !== key ? "none" : ascending ? "ascending" : "descending");
    });
  }
  Array.prototype.forEach.call(table.querySelectorAll("th[data-sort] button"), function (b) {
    b.addEventListener("click", function () { sortBy(b.parentNode.getAttribute("data-sort")); });
  });
  text.addEventListener("input", apply);
  [severity, rule, service].forEach(function (s) { s.addEventListener("change", apply); });

  function fromHash() {  /* #findings?rule=ID from the findings chart */
    var m = /^#findings\?rule=(.*)$/.exec(location.hash);
    if (!m) { return; }
    var id = decodeURIComponent(m[1]);
    if (Array.prototype.some.call(rule.options, function (o) { return o.value === id; })) {
      rule.value = id; apply();
    }
    document.getElementById("findings").scrollIntoView();
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
