// Tree and Graph: progressive enhancement only. Without it the tree still folds (details)
// and every graph box is still a link with a tooltip.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Tree: "Expand all" and "Collapse all", for a long tree.
  const tools = document.querySelector("[data-tree-tools]");
  const nodes = document.querySelectorAll("details.tree__node");
  if (tools && nodes.length) {
    for (const [label, open] of [["Expand all", true], ["Collapse all", false]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button button--quiet button--small";
      button.textContent = label;
      button.addEventListener("click", () => nodes.forEach((node) => { node.open = open; }));
      tools.append(button);
    }
  }

  // Graph: pointing at or focusing a box lights up its edges and fades the others.
  const graph = document.querySelector("svg.graph");
  if (!graph) return;
  const edgesOf = new Map();
  graph.querySelectorAll(".edge").forEach((edge) => {
    for (const end of [edge.dataset.source, edge.dataset.linked]) {
      if (!edgesOf.has(end)) edgesOf.set(end, []);
      edgesOf.get(end).push(edge);
    }
  });
  const light = (node, on) => {
    graph.classList.toggle("has-focus", on);
    (edgesOf.get(node.dataset.id) || []).forEach((edge) => edge.classList.toggle("is-lit", on));
  };
  graph.querySelectorAll(".node").forEach((node) => {
    node.addEventListener("mouseenter", () => light(node, true));
    node.addEventListener("mouseleave", () => light(node, false));
    node.addEventListener("focus", () => light(node, true));
    node.addEventListener("blur", () => light(node, false));
  });
});
