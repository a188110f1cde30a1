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
