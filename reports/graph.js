/* archgov report: the interactive service graph over the drawn SVG.
   Facts come from the inert JSON element #graph-data; drawn elements are found by their ids
   (n_<key> nodes, e_<key>_<key>_<kind> edges). Pan and zoom move the SVG's viewBox; a
   selection marks its neighbourhood (in and out, depth 1..3) with classes; filters hide
   edges by kind and origin; grouping draws a clustered overview. Text from the scanned
   input is only ever assigned through textContent or value, never parsed as markup. */
(function () {
  "use strict";
  var dataEl = document.getElementById("graph-data");
  var view = document.getElementById("graph-view");
  if (!dataEl || !view) { return; }
  var D = JSON.parse(dataEl.textContent);
  var N = D.nodes, E = D.edges, SVGNS = "http://www.w3.org/2000/svg";
  var $ = function (id) { return document.getElementById(id); };
  var byId = {}, byKey = {}, out = [], inn = [];
  N.forEach(function (n, i) { byId[n.id] = i; byKey[n.k] = i; out.push([]); inn.push([]); });
  E.forEach(function (e, j) { out[e.s].push(j); inn[e.t].push(j); });

  var svg = null, vb = null, home = null, nodeEl = [], edgeEl = [], overlay = null, layer = null;
  var selected = null, hood = null, cyclesMarked = false;
  var status = $("graph-status"), panel = $("node-panel");

  function mount() {  /* the detailed drawing: inline, or kept in a <template> until needed */
    if (svg) { return; }
    var tpl = $("graph-template");
    if (tpl) { view.insertBefore(tpl.content.cloneNode(true), tpl); tpl.parentNode.removeChild(tpl); }
    svg = view.querySelector(":scope > svg");
    if (!svg) { return; }
    svg.classList.add("graph-drawing");
    var box = (svg.getAttribute("viewBox") || "0 0 100 100").split(/[\s,]+/).map(Number);
    home = {x: box[0], y: box[1], w: box[2], h: box[3]};
    vb = {x: home.x, y: home.y, w: home.w, h: home.h};
    svg.setAttribute("width", "100%"); svg.setAttribute("height", "100%");
    N.forEach(function (n, i) { nodeEl[i] = document.getElementById(n.k); });
    E.forEach(function (e, j) { edgeEl[j] = document.getElementById(e.id); });
    makeOverlay();
    wire();
  }
  /* Marks are drawn on an overlay (a veil over the drawing, copies of the marked elements on
     top), so a highlight repaints a few elements, not twenty thousand dimmed ones. */
  function makeOverlay() {
    overlay = el("svg", {"class": "graph-overlay", "aria-hidden": "true", width: "100%", height: "100%"});
    var aspect = svg.getAttribute("preserveAspectRatio");
    if (aspect) { overlay.setAttribute("preserveAspectRatio", aspect); }
    el("rect", {"class": "veil", x: home.x - home.w * 10, y: home.y - home.h * 10,
      width: home.w * 21, height: home.h * 21}, overlay);
    var g0 = svg.querySelector("g.graph");
    layer = el("g", {transform: (g0 && g0.getAttribute("transform")) || ""}, overlay);
    overlay.style.display = "none";
    view.appendChild(overlay);
    setBox();
  }
  function paintMarks() {
    while (layer.firstChild) { layer.removeChild(layer.firstChild); }
    var nodes = {}, edges = {};
    if ($("graph-cycles").checked) {
      N.forEach(function (n, i) { if (n.c) { nodes[i] = true; } });
      E.forEach(function (e, j) { if (e.c && edgeVisible(j)) { edges[j] = true; } });
    }
    if (hood) {
      Object.keys(hood.nodes).forEach(function (i) { nodes[i] = true; });
      Object.keys(hood.edges).forEach(function (j) { edges[j] = true; });
    }
    var any = hood || $("graph-cycles").checked;
    overlay.style.display = any ? "" : "none";
    overlay.classList.toggle("solid", Boolean(hood) && $("graph-focus").checked);
    Object.keys(edges).forEach(function (j) { copy(edgeEl[j], false); });
    Object.keys(nodes).forEach(function (i) { copy(nodeEl[i], hood && hood.seeds[i]); });
  }
  function copy(source, chosen) {
    if (!source) { return; }
    var c = source.cloneNode(true);
    c.removeAttribute("id");
    Array.prototype.forEach.call(c.querySelectorAll("[id]"), function (x) { x.removeAttribute("id"); });
    if (chosen) { c.classList.add("sel"); }
    layer.appendChild(c);
  }
  function setBox() {
    var box = [vb.x, vb.y, vb.w, vb.h].join(" ");
    svg.setAttribute("viewBox", box);
    if (overlay) { overlay.setAttribute("viewBox", box); }
  }
  function toSvg(cx, cy, m) {
    var p = svg.createSVGPoint(); p.x = cx; p.y = cy;
    return p.matrixTransform((m || svg.getScreenCTM()).inverse());
  }
  function zoom(factor, cx, cy) {
    var r = view.getBoundingClientRect();
    var c = toSvg(cx === undefined ? r.left + r.width / 2 : cx, cy === undefined ? r.top + r.height / 2 : cy);
    var w = Math.min(Math.max(vb.w * factor, home.w / 200), home.w * 8), f = w / vb.w;
    vb = {x: c.x - (c.x - vb.x) * f, y: c.y - (c.y - vb.y) * f, w: w, h: vb.h * f};
    setBox();
  }
  function fit(indices) {
    if (!indices || !indices.length) { vb = {x: home.x, y: home.y, w: home.w, h: home.h}; setBox(); return; }
    var back = svg.getScreenCTM().inverse(), x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    indices.forEach(function (i) {
      var el = nodeEl[i];
      if (!el) { return; }
      var b = el.getBBox(), m = back.multiply(el.getScreenCTM());
      [[b.x, b.y], [b.x + b.width, b.y + b.height]].forEach(function (c) {
        var p = svg.createSVGPoint(); p.x = c[0]; p.y = c[1]; p = p.matrixTransform(m);
        x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
      });
    });
    if (x0 === Infinity) { return; }
    var pad = 40, w = Math.max(x1 - x0 + 2 * pad, 160), h = Math.max(y1 - y0 + 2 * pad, 100);
    vb = {x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w: w, h: h}; setBox();
  }

  function neighbourhood(seeds, depth) {  /* breadth-first, downstream and upstream */
    var nodes = {}, edges = {}, chosen = {};
    seeds.forEach(function (s) { nodes[s] = 0; chosen[s] = true; });
    [[out, "t"], [inn, "s"]].forEach(function (dir) {
      var seen = {}, frontier = seeds.slice();
      seeds.forEach(function (s) { seen[s] = true; });
      for (var d = 0; d < depth && frontier.length; d++) {
        var next = [];
        frontier.forEach(function (i) {
          dir[0][i].forEach(function (j) {
            if (!edgeVisible(j)) { return; }
            var o = E[j][dir[1]]; edges[j] = true;
            if (!seen[o]) { seen[o] = true; nodes[o] = d + 1; next.push(o); }
          });
        });
        frontier = next;
      }
    });
    return {nodes: nodes, edges: edges, seeds: chosen};
  }
  function clearMarks() {
    if (!hood) { return; }
    Object.keys(hood.nodes).forEach(function (i) { var el = nodeEl[i]; if (el) { el.classList.remove("hl", "sel"); } });
    Object.keys(hood.edges).forEach(function (j) { var el = edgeEl[j]; if (el) { el.classList.remove("hl"); } });
    hood = null;
  }
  function mark(seeds, label) {
    mount(); clearMarks();
    var depth = Number($("graph-depth").value) || 1;
    hood = neighbourhood(seeds, depth);
    Object.keys(hood.nodes).forEach(function (i) { var el = nodeEl[i]; if (el) { el.classList.add("hl"); } });
    seeds.forEach(function (i) { var el = nodeEl[i]; if (el) { el.classList.add("sel"); } });
    Object.keys(hood.edges).forEach(function (j) { var el = edgeEl[j]; if (el) { el.classList.add("hl"); } });
    paintMarks();
    var count = Object.keys(hood.nodes).length - seeds.length;
    status.textContent = label + ": " + count + " node" + (count === 1 ? "" : "s") + " within " + depth +
      (depth === 1 ? " hop" : " hops") + " (in and out), " + Object.keys(hood.edges).length + " edges";
    if ($("graph-focus").checked) { fit(Object.keys(hood.nodes).map(Number)); }
  }
  function select(i, zoomTo) {
    showDetail();
    selected = i;
    mark([i], N[i].id);
    openPanel(i);
    if (zoomTo && !$("graph-focus").checked) { fit(Object.keys(hood.nodes).map(Number)); }
    history.replaceState(null, "", "#focus=" + encodeURIComponent(N[i].id) + "&depth=" + $("graph-depth").value);
  }
  function unselect() {
    selected = null; clearMarks();
    if (layer) { paintMarks(); }
    panel.hidden = true; status.textContent = "";
  }

  function openPanel(i) {
    var n = N[i], body = $("panel-body");
    $("panel-title").textContent = n.id;
    $("panel-kind").textContent = n.kind + (Object.keys(n.g).length ? " · " + Object.keys(n.g).sort().map(function (g) {
      return g + " " + n.g[g]; }).join(" · ") : "");
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var card = n.a && document.getElementById(n.a);
    if (card) {
      var copy = card.cloneNode(true);
      copy.removeAttribute("id"); copy.classList.remove("card", "service"); copy.classList.add("panel-card");
      var head = copy.querySelector(".section-head h3"); if (head) { head.parentNode.removeChild(head); }
      body.appendChild(copy);
      var link = document.createElement("a"); link.href = "#" + n.a; link.textContent = "Open its section";
      link.className = "small"; body.appendChild(link);
    } else {
      var p = document.createElement("p"); p.className = "muted";
      p.textContent = "Not in the system: seen only as the end of " + (inn[i].length + out[i].length) + " edge(s).";
      body.appendChild(p);
    }
    panel.hidden = false;
  }

  function edgeVisible(j) {
    var e = E[j];
    if (kindOff[e.k]) { return false; }
    return e.o.length === 0 ? true : e.o.some(function (o) { return !originOff[o]; });
  }
  var kindOff = {}, originOff = {};
  function applyFilters() {
    mount();
    E.forEach(function (e, j) { var x = edgeEl[j]; if (x) { x.classList.toggle("filtered", !edgeVisible(j)); } });
    if (selected !== null) { mark([selected], N[selected].id); } else { paintMarks(); }
  }
  function markCycles() {
    if (cyclesMarked) { return; }
    cyclesMarked = true;
    N.forEach(function (n, i) { if (n.c && nodeEl[i]) { nodeEl[i].classList.add("cyc"); } });
    E.forEach(function (e, j) { if (e.c && edgeEl[j]) { edgeEl[j].classList.add("cyc"); } });
  }

  function find(term) {
    var t = term.trim().toLowerCase();
    if (!t) { return null; }
    if (byId[term.trim()] !== undefined) { return byId[term.trim()]; }
    var best = null;
    N.forEach(function (n, i) {
      var id = n.id.toLowerCase(), at = id.indexOf(t);
      if (at === -1) { return; }
      var score = (at === 0 ? 0 : 1) * 1e6 + id.length;
      if (best === null || score < best[0] || (score === best[0] && n.id < N[best[1]].id)) { best = [score, i]; }
    });
    return best && best[1];
  }

  var drag = null, moved = false;
  function wire() {
    view.addEventListener("wheel", function (ev) {
      ev.preventDefault(); zoom(Math.pow(1.0015, ev.deltaY), ev.clientX, ev.clientY);
    }, {passive: false});
    view.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0 || !svg || svg.style.display === "none") { return; }
      drag = {x: ev.clientX, y: ev.clientY, m: svg.getScreenCTM(), vb: {x: vb.x, y: vb.y}}; moved = false;
    });
    window.addEventListener("pointermove", function (ev) {
      if (!drag) { return; }
      if (!moved && Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) < 4) { return; }
      moved = true; view.classList.add("dragging");
      var a = toSvg(drag.x, drag.y, drag.m), b = toSvg(ev.clientX, ev.clientY, drag.m);
      vb.x = drag.vb.x - (b.x - a.x); vb.y = drag.vb.y - (b.y - a.y); setBox();
    });
    window.addEventListener("pointerup", function () { drag = null; view.classList.remove("dragging"); });
    svg.addEventListener("click", function (ev) {
      var g = ev.target.closest ? ev.target.closest("g.node") : null;
      if (g || moved) { ev.preventDefault(); }
      if (moved) { moved = false; return; }
      var i = g ? byKey[g.id] : undefined;
      if (i !== undefined) { select(i, false); } else if (!g) { unselect(); }
    });
  }

  function controls() {
    $("graph-tools").hidden = false;
    view.classList.add("interactive");
    var names = $("node-names");
    N.map(function (n) { return n.id; }).sort().forEach(function (id) {
      var o = document.createElement("option"); o.value = id; names.appendChild(o);
    });
    var search = $("node-search");
    function go() {
      var i = find(search.value);
      if (i === null) { status.textContent = "No node matches \u201c" + search.value + "\u201d"; return; }
      select(i, true);
    }
    search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); go(); } });
    search.addEventListener("change", go);
    $("zoom-in").addEventListener("click", function () { mount(); zoom(1 / 1.4); });
    $("zoom-out").addEventListener("click", function () { mount(); zoom(1.4); });
    $("zoom-fit").addEventListener("click", function () {
      mount(); fit(hood && $("graph-focus").checked ? Object.keys(hood.nodes).map(Number) : null);
    });
    $("graph-clear").addEventListener("click", function () { unselect(); if (svg) { fit(null); } });
    $("panel-close").addEventListener("click", unselect);
    $("graph-depth").addEventListener("change", function () { if (selected !== null) { select(selected, false); } });
    $("graph-focus").addEventListener("change", function () {
      mount(); paintMarks();
      fit(this.checked && hood ? Object.keys(hood.nodes).map(Number) : null);
    });
    $("graph-cycles").addEventListener("change", function () {
      mount(); markCycles(); paintMarks();
    });
    Array.prototype.forEach.call(document.querySelectorAll("#graph-tools input[data-kind]"), function (box) {
      box.addEventListener("change", function () { kindOff[box.getAttribute("data-kind")] = !box.checked; applyFilters(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("#graph-tools input[data-origin]"), function (box) {
      box.addEventListener("change", function () { originOff[box.getAttribute("data-origin")] = !box.checked; applyFilters(); });
    });
    document.addEventListener("click", function (ev) {  /* finding subjects and edge rows open the panel */
      var a = ev.target.closest ? ev.target.closest("a[data-node]") : null;
      if (!a || byId[a.getAttribute("data-node")] === undefined) { return; }
      ev.preventDefault();
      select(byId[a.getAttribute("data-node")], true);
      var many = (a.getAttribute("data-nodes") || "").split("\t").filter(function (id) {
        return byId[id] !== undefined; }).map(function (id) { return byId[id]; });
      if (many.length > 1) {  /* an edge or a cycle: mark every node it names */
        mark(many, a.textContent);
        fit(Object.keys(hood.nodes).map(Number));
      }
      $("graph").scrollIntoView();
    });
  }

  /* Clustered overview: one box per group, edges between groups counted. */
  var groupBy = $("graph-group"), overview = $("graph-overview"), groups = null;
  function showDetail() {
    mount();
    if (svg) { svg.style.display = ""; }
    overview.hidden = true;
    if (groupBy) { $("graph-back").hidden = groupBy.value === ""; }
  }
  function buildGroups(name) {
    var index = {}, list = [];
    N.forEach(function (n, i) {
      var g = n.g[name] || "(none)";
      if (index[g] === undefined) { index[g] = list.length; list.push({name: g, members: []}); }
      list[index[g]].members.push(i);
    });
    list.sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
    var at = {}; list.forEach(function (g, k) { g.members.forEach(function (i) { at[i] = k; }); });
    var links = {};
    E.forEach(function (e) {
      var a = at[e.s], b = at[e.t];
      if (a !== b) { var key = a + ">" + b; links[key] = (links[key] || 0) + 1; }
    });
    return {list: list, links: links};
  }
  function el(tag, attrs, parent) {
    var x = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { x.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(x); }
    return x;
  }
  function drawOverview() {
    while (overview.firstChild) { overview.removeChild(overview.firstChild); }
    var list = groups.list, cols = Math.ceil(Math.sqrt(list.length)), W = 190, H = 70;
    var rowsN = Math.ceil(list.length / cols);
    var root = el("svg", {viewBox: "0 0 " + cols * W + " " + rowsN * H, width: "100%", height: "100%",
      "class": "cluster-overview"}, overview);
    var centre = function (k) { return [(k % cols) * W + W / 2, Math.floor(k / cols) * H + H / 2]; };
    Object.keys(groups.links).sort().forEach(function (key) {
      var ab = key.split(">").map(Number), p = centre(ab[0]), q = centre(ab[1]), n = groups.links[key];
      var line = el("line", {x1: p[0], y1: p[1], x2: q[0], y2: q[1], "class": "cluster-link",
        "stroke-width": Math.min(1 + Math.log(n), 8)}, root);
      el("title", {}, line).textContent = list[ab[0]].name + " \u2192 " + list[ab[1]].name + ": " + n + " edges";
    });
    list.forEach(function (g, k) {
      var c = centre(k), box = el("g", {"class": "cluster", "data-cluster": String(k), tabindex: "0"}, root);
      el("rect", {x: c[0] - W / 2 + 8, y: c[1] - H / 2 + 8, width: W - 16, height: H - 16, rx: 8}, box);
      var t = el("text", {x: c[0], y: c[1] - 2, "text-anchor": "middle"}, box);
      t.textContent = g.name.length > 26 ? g.name.slice(0, 25) + "\u2026" : g.name;
      el("text", {x: c[0], y: c[1] + 14, "text-anchor": "middle", "class": "cluster-count"}, box).textContent =
        g.members.length + " node" + (g.members.length === 1 ? "" : "s");
      el("title", {}, box).textContent = g.name;
      box.addEventListener("click", function () { expand(k); });
    });
  }
  function showOverview() {
    unselect();
    if (svg) { svg.style.display = "none"; }
    overview.hidden = false; $("graph-back").hidden = true;
    status.textContent = groups.list.length + " groups by " + groupBy.value + "; click one to expand it";
  }
  function expand(k) {  /* the group's members and what they call or are called by */
    showDetail();
    var g = groups.list[k];
    mark(g.members, groupBy.value + " " + g.name);
    panel.hidden = true;
    fit(Object.keys(hood.nodes).map(Number));
  }
  if (groupBy) {
    groupBy.addEventListener("change", function () {
      if (!groupBy.value) { groups = null; showDetail(); unselect(); if (svg) { fit(null); } return; }
      groups = buildGroups(groupBy.value); drawOverview(); showOverview();
    });
    $("graph-back").addEventListener("click", function () { if (groups) { showOverview(); } });
  }

  controls();
  var m = /^#focus=([^&]*)(?:&depth=([1-3]))?$/.exec(location.hash);
  var start = m ? decodeURIComponent(m[1]) : D.focus, depth = m ? m[2] : D.depth;
  if (depth) { $("graph-depth").value = String(Math.min(Math.max(Number(depth), 1), 3)); }
  if (start !== null && start !== undefined && byId[start] !== undefined) {
    $("graph-focus").checked = true; select(byId[start], true);
  } else if (view.getAttribute("data-overview") === "1" && groupBy && groupBy.options.length > 1) {
    groupBy.selectedIndex = 1; groups = buildGroups(groupBy.value); drawOverview(); showOverview();
  } else {
    mount();
  }
  view.setAttribute("data-ready", "1");
})();
