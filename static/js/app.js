// Progressive enhancements only: every page works without this file.
"use strict";

// Fill hidden time-zone fields from the device, so "today" means the athlete's day.
document.querySelectorAll('input[data-fill="timezone"]').forEach((input) => {
  if (!input.value && window.Intl) {
    input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  }
});

// The back map: tapping a drawn region toggles the checkbox of the same name,
// which stays the real control (labels, keyboard, form post).
document.querySelectorAll("[data-body-map]").forEach((map) => {
  const name = map.dataset.bodyMap;
  const boxes = map.querySelectorAll(`input[name="${name}"]`);
  const paint = () => {
    map.querySelectorAll("[data-region]").forEach((shape) => {
      const box = map.querySelector(`input[name="${name}"][value="${shape.dataset.region}"]`);
      shape.classList.toggle("selected", Boolean(box && box.checked));
    });
  };
  map.addEventListener("click", (event) => {
    const shape = event.target.closest("[data-region]");
    if (!shape) return;
    const box = map.querySelector(`input[name="${name}"][value="${shape.dataset.region}"]`);
    if (box) {
      box.checked = !box.checked;
      paint();
    }
  });
  boxes.forEach((box) => box.addEventListener("change", paint));
  paint();
});

// Ask before destructive posts (a form with data-confirm).
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});

// Print buttons (the review page): a button, so that the page works the same without this file.
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
