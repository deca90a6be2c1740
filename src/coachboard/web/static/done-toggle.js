// The one-click done toggle (templates/commitments/_done_toggle.html), sent without leaving the
// page. Without this script the toggle is a plain form post that comes back to the same page.
// Here it flips at once, posts the same form with fetch (asking for JSON) and redraws its row
// from the answer: the status badge and the overdue mark. When the post fails, the toggle
// flips back and a message says so.
"use strict";

(() => {
  function announce(text, failed) {
    let region = document.querySelector("[data-toggle-status]");
    if (!region) {
      region = document.createElement("div");
      region.dataset.toggleStatus = "";
      region.setAttribute("role", "status");
      document.querySelector("main")?.prepend(region);
    }
    region.className = failed ? "notice notice--warning toggle-failed" : "visually-hidden";
    region.textContent = text;
  }

  function show(button, done) {
    button.setAttribute("aria-checked", done ? "true" : "false");
    button.value = done ? "open" : "done";
    button.title = done ? "Done: select to reopen" : "Mark done";
  }

  function redraw(form, answer) {
    const row = form.closest("[data-commitment-row]");
    if (!row) return;
    const badge = row.querySelector(".status");
    if (badge) {
      badge.className = `status status--${answer.status}`;
      badge.textContent = answer.status_label;
    }
    const mark = row.querySelector("[data-overdue-mark]");
    if (mark) mark.hidden = !answer.overdue;
    row.classList.toggle("is-overdue", answer.overdue);
    row.dataset.status = answer.status;
  }

  async function send(event) {
    const form = event.target.closest("form[data-done-toggle]");
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector("[role=checkbox]");
    if (button.getAttribute("aria-busy") === "true") return;
    const wasDone = button.getAttribute("aria-checked") === "true";
    const body = new URLSearchParams(new FormData(form));
    body.set("status", button.value);
    show(button, !wasDone);
    button.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      const answer = await response.json();
      show(button, answer.done);
      redraw(form, answer);
      announce(answer.message, false);
    } catch {
      show(button, wasDone);
      const title = button.textContent.replace(/^Done: /, "");
      announce(`Couldn't save “${title}”: reload the page and try again.`, true);
    } finally {
      button.removeAttribute("aria-busy");
    }
  }

  document.addEventListener("submit", send);
})();
