// Progressive enhancements only: every page works without this file.
"use strict";

// Fill hidden time-zone fields from the device, so "today" means the athlete's day.
document.querySelectorAll('input[data-fill="timezone"]').forEach((input) => {
  if (!input.value && window.Intl) {
    input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  }
});
