// coachboard's own progressive enhancement. Every page works without it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // A form that failed validation: move focus to its error summary, so a screen reader
  // announces it and a keyboard user can follow its links to each field.
  const summary = document.querySelector(".error-summary");
  if (summary && !document.querySelector("[autofocus]")) summary.focus();

  // Forms marked data-confirm ask before they submit (the server still decides).
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});

// A [data-copy] button copies its field's value: the invitation link. Without JS (or a
// clipboard) the field is still there to select and copy by hand.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      button.textContent = "Copied";
    });
  });
});

// A time zone field marked data-browser-zone (a person choosing their zone for the first
// time) takes the browser's own zone when the server knows it (it is in the field's list).
document.addEventListener("DOMContentLoaded", () => {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("input[data-browser-zone]").forEach((input) => {
    const known = [...(input.list?.options ?? [])].some((option) => option.value === browserZone);
    if (known) input.value = browserZone;
  });
});
