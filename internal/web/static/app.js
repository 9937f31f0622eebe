// isms — progressive enhancement. Every page works without this file.
//
//   form[data-confirm], button[data-confirm]  ask before submitting
//   select[data-autosubmit]                   submit the form on change
//   button[data-copy="id"]                    copy #id's text to the clipboard
//   time[datetime][data-local]                show the time in the browser's locale
//   form[data-upload]                         send an upload with a progress bar
//   [data-dropzone]                           accept a file dropped on it
//
// Loaded as <script type="module">, so it runs once the document is parsed.

document.documentElement.classList.add("js");

// Confirmation --------------------------------------------------------

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element && event.target.closest("button[data-confirm]");
  if (!button || button.disabled) return;
  if (!window.confirm(button.dataset.confirm || "Are you sure?")) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
  // A submit button with its own data-confirm has already asked.
  if (event.submitter && event.submitter.hasAttribute("data-confirm")) return;
  if (!window.confirm(form.dataset.confirm || "Are you sure?")) event.preventDefault();
});

// Auto-submitting selects ----------------------------------------------

const submitForm = (form) => (form.requestSubmit ? form.requestSubmit() : form.submit());

document.addEventListener("change", (event) => {
  const select = event.target;
  if (select instanceof HTMLSelectElement && select.hasAttribute("data-autosubmit") && select.form) {
    submitForm(select.form);
  }
});

// Hide the no-JS submit button only where every visible control submits by
// itself; a form with text inputs keeps its button (Enter, clear affordance).
const autoForms = new Set([...document.querySelectorAll("select[data-autosubmit]")].map((s) => s.form));
for (const form of autoForms) {
  if (!form) continue;
  const controls = [...form.elements].filter(
    (el) => el.type !== "hidden" && el.type !== "submit" && !["button", "fieldset"].includes(el.localName),
  );
  if (controls.every((el) => el.matches("select[data-autosubmit]"))) {
    for (const b of form.querySelectorAll('button:not([type]), button[type="submit"], input[type="submit"]')) {
      b.classList.add("js-hidden");
    }
  }
}

// Copy to clipboard ----------------------------------------------------

const announcer = document.createElement("div");
announcer.className = "visually-hidden";
announcer.setAttribute("role", "status");
document.body.append(announcer);

async function copyText(text, source) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; fall back to a selection copy.
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return document.execCommand && document.execCommand("copy");
  }
}

document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element && event.target.closest("button[data-copy]");
  if (!button) return;
  event.preventDefault();
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const ok = await copyText(source.textContent.trim(), source);
  button.dataset.label ??= button.textContent;
  button.textContent = ok ? "Copied" : "Copy failed";
  announcer.textContent = ok ? "Copied to the clipboard" : "Copy failed: the text is selected, copy it by hand";
  clearTimeout(button._copyTimer);
  button._copyTimer = setTimeout(() => {
    button.textContent = button.dataset.label;
    announcer.textContent = "";
  }, 2000);
});

// Local times ----------------------------------------------------------

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const calendarDateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

for (const el of document.querySelectorAll("time[datetime][data-local]")) {
  const value = el.getAttribute("datetime");
  const when = new Date(value);
  if (Number.isNaN(when.getTime())) continue;
  // A bare calendar date ("2025-03-31") has no time zone: never shift it.
  const format = /^\d{4}-\d{2}-\d{2}$/.test(value) ? calendarDateFormat
    : el.dataset.local === "date" ? dateFormat : dateTimeFormat;
  if (!el.title) el.title = el.textContent.trim() || value;
  el.textContent = format.format(when);
}

// Evidence uploads -----------------------------------------------------
//
// A form[data-upload] is a multipart form whose action carries its CSRF
// token. Without this code it posts as any form does. With it, the file is
// checked against data-max-upload before anything is sent, the form goes
// by XMLHttpRequest so that a <progress> shows how much has been sent, and
// the page the server answers with (the new item, or the form with its
// problems) replaces the main content.

const formatBytes = (n) => {
  const units = ["bytes", "KiB", "MiB", "GiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${n.toFixed(1)} ${units[i]}`;
};

const dropzoneOf = (event) => event.target instanceof Element && event.target.closest("[data-dropzone]");

document.addEventListener("dragover", (event) => {
  const zone = dropzoneOf(event);
  if (!zone) return;
  event.preventDefault();
  zone.classList.add("dragover");
});

document.addEventListener("dragleave", (event) => {
  const zone = dropzoneOf(event);
  if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("dragover");
});

document.addEventListener("drop", (event) => {
  const zone = dropzoneOf(event);
  if (!zone) return;
  event.preventDefault();
  zone.classList.remove("dragover");
  const input = zone.querySelector('input[type="file"]');
  if (!input || !event.dataTransfer || event.dataTransfer.files.length === 0) return;
  input.files = event.dataTransfer.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
});

// uploadParts returns the progress elements of an upload form.
function uploadParts(form) {
  const box = form.querySelector(".upload-progress");
  return { box, bar: box && box.querySelector("progress"), status: box && box.querySelector(".upload-status") };
}

// tooLarge reports, and says so in the form, whether the chosen file is
// over the form's limit.
function tooLarge(form, input) {
  const file = input.files && input.files[0];
  const max = Number(form.dataset.maxUpload || 0);
  const { box, status } = uploadParts(form);
  if (!file || !max || file.size <= max || !box) return false;
  box.hidden = false;
  status.textContent = `${file.name} is ${formatBytes(file.size)}, more than the limit of ${formatBytes(max)}. Choose a smaller file.`;
  input.setAttribute("aria-invalid", "true");
  return true;
}

document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.form || !input.form.hasAttribute("data-upload")) return;
  const { box, status } = uploadParts(input.form);
  input.removeAttribute("aria-invalid");
  if (!box || tooLarge(input.form, input)) return;
  const file = input.files && input.files[0];
  box.hidden = !file;
  if (file) status.textContent = `${file.name}, ${formatBytes(file.size)}: ready to upload.`;
});

// showAnswer puts the page the server answered with in place of this one.
function showAnswer(html, url) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const main = doc.querySelector("main");
  if (!main) {
    window.location.assign(url);
    return;
  }
  document.querySelector("main").replaceWith(main);
  document.title = doc.title;
  if (url) history.replaceState(null, "", url);
  const focus = main.querySelector(".error-summary, .flash, h1");
  if (focus) {
    if (!focus.hasAttribute("tabindex")) focus.setAttribute("tabindex", "-1");
    focus.focus();
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.hasAttribute("data-upload")) return;
  const input = form.querySelector('input[type="file"]');
  if (input && tooLarge(form, input)) {
    event.preventDefault();
    return;
  }
  const { box, bar, status } = uploadParts(form);
  if (!box || !window.FormData) return; // a plain form post
  event.preventDefault();
  const buttons = form.querySelectorAll('button[type="submit"]');
  const finish = (message) => {
    for (const b of buttons) b.disabled = false;
    status.textContent = message;
  };
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.addEventListener("progress", (e) => {
    if (!e.lengthComputable) return;
    bar.value = Math.round((e.loaded / e.total) * 100);
    status.textContent = `${bar.value}% · ${formatBytes(e.loaded)} of ${formatBytes(e.total)}`;
  });
  xhr.upload.addEventListener("load", () => {
    status.textContent = "Sent; storing and checking the file…";
  });
  xhr.addEventListener("load", () => {
    if (xhr.getResponseHeader("Content-Type")?.startsWith("text/html")) showAnswer(xhr.responseText, xhr.responseURL);
    else finish(`The upload failed (status ${xhr.status}). Try again.`);
  });
  xhr.addEventListener("error", () => finish("The upload failed: the connection was interrupted. Try again."));
  xhr.addEventListener("abort", () => finish("The upload was cancelled."));
  for (const b of buttons) b.disabled = true;
  box.hidden = false;
  bar.value = 0;
  status.textContent = "Starting the upload…";
  xhr.send(new FormData(form));
});
