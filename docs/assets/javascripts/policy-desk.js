// Small page behaviours that need no Python: the print button on order pages.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// A form that only holds a control for a script (the audit kit's file picker) never
// navigates. This replaces inline `onsubmit` handlers, which the Content-Security-Policy
// blocks (build_scripts/csp.py).
document.addEventListener("submit", (event) => {
  if (event.target.matches("form[data-no-submit]")) event.preventDefault();
});

// An order's versions page: the comparison form goes to the page comparing the two chosen
// versions (every pair is built; the list under the form links them without scripts).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-compare]");
  if (!form) return;
  event.preventDefault();
  const chosen = [form.elements.from, form.elements.to].map((select) => select.selectedOptions[0]);
  const [older, newer] = chosen.sort((a, b) => a.dataset.number - b.dataset.number);
  if (older.value === newer.value) {
    form.querySelector(".compare-form__message").textContent = "Choose two different versions.";
    return;
  }
  window.location.href = `${form.dataset.compare}${older.value}-${newer.value}/`;
});
