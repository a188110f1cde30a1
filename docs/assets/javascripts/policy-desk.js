// Small page behaviours that need no Python: the print button on order pages.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
