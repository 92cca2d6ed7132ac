// marsad article page: clicking a highlighted span selects its facts in the side panel, and
// clicking a fact in the panel selects its spans in the text. No other behaviour lives here.
"use strict";
(function () {
  const text = document.getElementById("text");
  const panel = document.getElementById("facts");
  if (!text || !panel) return;

  function clear() {
    document.querySelectorAll(".selected").forEach((el) => el.classList.remove("selected"));
  }

  function select(ids, scrollTo) {
    clear();
    ids.forEach((id) => {
      const item = document.getElementById("fact-" + id);
      if (item) item.classList.add("selected");
      text.querySelectorAll(".f").forEach((span) => {
        if (span.dataset.facts.split(" ").includes(id)) span.classList.add("selected");
      });
    });
    const first = scrollTo === "panel" ? document.getElementById("fact-" + ids[0])
      : text.querySelector(".f.selected");
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  text.addEventListener("click", (event) => {
    const span = event.target.closest(".f");
    if (span) select(span.dataset.facts.split(" "), "panel");
  });
  panel.addEventListener("click", (event) => {
    const item = event.target.closest(".fact");
    if (item && !event.target.closest("a")) select([item.dataset.fact], "text");
  });
  // A link such as /documents/ID#fact-v1 (from the events table) opens with that fact selected.
  if (location.hash.startsWith("#fact-")) select([location.hash.slice(6)], "text");
})();
