// Record forms in a dialog. A link marked data-dialog (New, Edit, Delete) leads to a whole page
// that works without JavaScript; here its [data-dialog-content] part opens in a <dialog>
// instead, and the form inside is sent from there. The server answers a save with 204 and an
// X-Redirect header (asked for with X-Dialog), or the form again with its errors beside the
// fields, which replaces the dialog's content.
"use strict";

(() => {
  if (typeof HTMLDialogElement !== "function") return; // the pages themselves still work

  let dialog = null;
  let opener = null;

  function theDialog() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "record-dialog";
    dialog.setAttribute("aria-labelledby", "record-form-title");
    dialog.addEventListener("close", () => {
      dialog.replaceChildren();
      if (opener && opener.isConnected) opener.focus();
    });
    document.body.append(dialog);
    return dialog;
  }

  function closeButton() {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--quiet button--small record-dialog__close";
    button.setAttribute("aria-label", "Close");
    button.textContent = "×";
    button.addEventListener("click", () => dialog.close());
    return button;
  }

  // Put a page's form part in the dialog and give the focus to what needs it first.
  function show(content) {
    const box = theDialog();
    box.replaceChildren(closeButton(), document.adoptNode(content));
    box.querySelectorAll("[data-dialog-close]").forEach((link) => {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        box.close();
      });
    });
    box.querySelectorAll("form").forEach((form) => form.addEventListener("submit", send));
    if (!box.open) box.showModal();
    const first =
      box.querySelector("[autofocus]") ||
      box.querySelector(".error-summary") ||
      box.querySelector("form input:not([type=hidden]), form select, form textarea, form button");
    box.scrollTop = 0; // the error summary, if any, stays in sight
    if (first) {
      first.focus({ preventScroll: true });
      (first.closest(".field") || first).scrollIntoView({ block: "nearest" });
    }
  }

  // Ask for a page (or send a form) on the dialog's behalf; false when that failed outright.
  async function load(url, init) {
    let response;
    try {
      response = await fetch(url, {
        ...init,
        credentials: "same-origin",
        headers: { "X-Dialog": "1", ...(init && init.headers) },
      });
    } catch {
      return false;
    }
    const next = response.headers.get("X-Redirect");
    if (next) {
      window.location.assign(next);
      return true;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    // The form, the delete confirmation, or else an error page's message (403, 404).
    const content =
      page.querySelector("[data-dialog-content]") || page.querySelector("main section.card");
    if (!content) return false;
    show(content);
    return true;
  }

  async function send(event) {
    const form = event.currentTarget;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    const body = new URLSearchParams(new FormData(form));
    const sent = await load(form.action, { method: "POST", body });
    if (!sent) form.submit(); // let the browser try as a plain form
  }

  document.addEventListener("click", async (event) => {
    const link = event.target.closest("a[data-dialog]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (dialog && dialog.contains(link)) return;
    event.preventDefault();
    opener = link;
    if (!(await load(link.href))) window.location.assign(link.href);
  });
})();
