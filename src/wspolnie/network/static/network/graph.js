// The interactive graph of the network page: reads the JSON of the members' view (already
// bounded and filtered by the server), draws it with Cytoscape and shows the clicked
// organisation with a link to its profile. The tables on the other pages hold the same data.
(function () {
  "use strict";
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
                 "#17becf", "#bcbd22", "#ff7f0e", "#393b79"];

  function text(element, value) {
    element.textContent = value;
  }

  function showNode(panel, container, data) {
    panel.replaceChildren();
    var name = document.createElement("p");
    var strong = document.createElement("strong");
    text(strong, data.label);
    name.appendChild(strong);
    var ties = document.createElement("p");
    text(ties, container.dataset.tiesLabel + ": " + data.degree);
    var link = document.createElement("a");
    link.href = data.url;
    link.id = "network-node-profile";
    text(link, container.dataset.profileLabel);
    var linkParagraph = document.createElement("p");
    linkParagraph.appendChild(link);
    panel.append(name, ties, linkParagraph);
  }

  function draw(container, data) {
    var elements = [];
    data.nodes.forEach(function (node) {
      elements.push({ data: {
        id: "n" + node.id, label: node.label, url: node.url, degree: node.degree,
        colour: node.community ? PALETTE[(node.community - 1) % PALETTE.length] : "#767676",
        size: 12 + Math.min(node.degree, 40)
      } });
    });
    data.edges.forEach(function (edge) {
      elements.push({ data: {
        id: "e" + edge.source + "-" + edge.target, source: "n" + edge.source,
        target: "n" + edge.target, width: Math.min(1 + edge.weight, 8)
      } });
    });
    var graph = window.cytoscape({
      container: container,
      elements: elements,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", width: "data(size)", height: "data(size)",
          label: "data(label)", "font-size": 9, "text-wrap": "ellipsis",
          "text-max-width": 120, color: "#222"
        } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
        { selector: "edge", style: { width: "data(width)", "line-color": "#9aa", opacity: 0.7 } }
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: false },
      wheelSensitivity: 0.3
    });
    var panel = document.getElementById("network-node");
    graph.on("tap", "node", function (event) {
      showNode(panel, container, event.target.data());
    });
    container.dataset.ready = "true";
    window.networkGraph = graph;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("network-graph");
    if (!container || !window.cytoscape) {
      return;
    }
    var shown = document.getElementById("network-shown");
    text(shown, container.dataset.loading);
    fetch(container.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        if (!data.nodes.length) {
          text(shown, container.dataset.empty);
          return;
        }
        text(shown, data.shown + " / " + data.organisations);
        draw(container, data);
      })
      .catch(function () {
        text(shown, container.dataset.failed);
      });
  });
})();
