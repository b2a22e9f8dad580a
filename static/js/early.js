// Runs before the page is drawn: says that scripts run, so the CSS may fold what a script can open.
document.documentElement.classList.add("js");
