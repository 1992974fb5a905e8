// Runs before the first paint, so the filter form (shown only with scripts) causes no layout shift.
document.documentElement.classList.add("js");
