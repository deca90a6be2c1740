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

  // Graph: pointing at or focusing a box lights up its edges and the boxes it is linked to,
  // and fades the other edges. A focused box stays lit while the phone's switcher is used,
  // so the next column shows which of its boxes are linked to it.
  const graph = document.querySelector("svg.graph");
  if (!graph) return;
  const switches = [...document.querySelectorAll(".graph-switch__column")];
  const boxes = new Map();
  graph.querySelectorAll(".node").forEach((node) => boxes.set(node.dataset.id, node));
  const edgesOf = new Map();
  graph.querySelectorAll(".edge").forEach((edge) => {
    for (const end of [edge.dataset.source, edge.dataset.linked]) {
      if (!edgesOf.has(end)) edgesOf.set(end, []);
      edgesOf.get(end).push(edge);
    }
  });
  const light = (node, on) => {
    graph.classList.toggle("has-focus", on);
    for (const edge of edgesOf.get(node.dataset.id) || []) {
      edge.classList.toggle("is-lit", on);
      const other = edge.dataset.source === node.dataset.id ? edge.dataset.linked : edge.dataset.source;
      boxes.get(other)?.classList.toggle("is-linked", on);
    }
  };
  let selected = null;
  const select = (node) => {
    if (selected) light(selected, false);
    selected = node;
    if (node) light(node, true);
  };
  const keepsSelection = (next) => switches.includes(next) || boxes.get(next?.dataset?.id) === next;
  graph.querySelectorAll(".node").forEach((node) => {
    node.addEventListener("mouseenter", () => light(node, true));
    node.addEventListener("mouseleave", () => {
      light(node, false);
      if (selected) light(selected, true);
    });
    node.addEventListener("focus", () => select(node));
    node.addEventListener("blur", (event) => { if (!keepsSelection(event.relatedTarget)) select(null); });
  });
  switches.forEach((link) => link.addEventListener("blur", (event) => {
    if (!keepsSelection(event.relatedTarget)) select(null);
  }));

  // Graph on a phone: the switcher's links already scroll to their column; here they scroll
  // it sideways only (not the page), and the switcher marks the column on screen, however
  // it got there.
  const scroller = document.querySelector(".graph-scroll");
  const stops = switches.map((link) => document.getElementById(link.dataset.column));
  if (!scroller || !switches.length || stops.includes(null)) return;
  const offset = (stop) => stop.getBoundingClientRect().left - scroller.getBoundingClientRect().left;
  switches.forEach((link, number) => {
    link.addEventListener("click", (event) => {
      if (scroller.scrollWidth <= scroller.clientWidth) return;
      event.preventDefault();
      scroller.scrollTo({ left: scroller.scrollLeft + offset(stops[number]), behavior: "smooth" });
    });
  });
  let pending = false;
  const mark = () => {
    pending = false;
    const distances = stops.map((stop) => Math.abs(offset(stop)));
    const current = distances.indexOf(Math.min(...distances));
    switches.forEach((link, number) => {
      if (number === current) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  };
  scroller.addEventListener("scroll", () => {
    if (!pending) { pending = true; requestAnimationFrame(mark); }
  });
  mark();
});
