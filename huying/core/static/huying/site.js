// Behaviour every page shares, attached here rather than in inline handlers, which the
// content security policy forbids.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
    field.form.submit();
  }
});
