// isms — progressive enhancement. Every page works without this file.
//
//   form[data-confirm], button[data-confirm]  ask before submitting
//   select[data-autosubmit]                   submit the form on change
//   button[data-copy="id"]                    copy #id's text to the clipboard
//   time[datetime][data-local]                show the time in the browser's locale
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
