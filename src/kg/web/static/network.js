// Draws the actor network of the page with vis-network (served by kg serve itself, /static/vis-network.min.js),
// from the nodes, edges and options kg.plots.html.page_data() wrote into <script id="kg-network-data">.
(function () {
  var holder = document.getElementById("network");
  var source = document.getElementById("kg-network-data");
  if (!holder || !source || typeof vis === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var network = new vis.Network(holder, { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) }, data.options);
  network.on("doubleClick", function (e) {  // an actor: open its page
    if (e.nodes.length) { window.location.href = "/actor?iri=" + encodeURIComponent(e.nodes[0]); }
  });
})();
