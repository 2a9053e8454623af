// trawl serve: the interface's one script. Every page works without it; it adds keys,
// find-in-message, confirmed links, copying the citation, select-all and reading a batch
// file. It never fetches anything and never inserts markup from the page's text.
"use strict";

(function () {
  const $ = (selector) => document.querySelector(selector);
  const $$ = (selector) => Array.from(document.querySelectorAll(selector));

  // Keys: / search, j/k move among hits, o open, x tick, s star, n/p next/previous hit.
  let current = -1;
  function hits() { return $$("li.hit"); }
  function select(n) {
    const list = hits();
    if (list.length === 0) return;
    current = Math.max(0, Math.min(list.length - 1, n));
    list.forEach((li, i) => li.classList.toggle("current", i === current));
    list[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
    if (event.key === "Escape" && typing) { target.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const list = hits();
    switch (event.key) {
      case "/": { const q = $("#q"); if (q) { event.preventDefault(); q.focus(); q.select(); } break; }
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "o": case "Enter": {
        if (current >= 0 && list[current]) { const a = list[current].querySelector("a.subject"); if (a) a.click(); }
        break;
      }
      case "x": {
        if (current >= 0 && list[current]) { const box = list[current].querySelector("input.pick"); if (box) box.checked = !box.checked; }
        break;
      }
      case "s": {
        if (list.length > 0 && current >= 0) {
          const box = list[current].querySelector("input.pick");
          const form = $("#selection");
          if (box && form) { $$("input.pick").forEach((b) => { b.checked = b === box; }); form.querySelector("button[value=star]").click(); }
        } else {
          const star = $("#star");
          if (star) star.click();
        }
        break;
      }
      case "n": { const next = $("#next-hit"); if (next) next.click(); break; }
      case "p": { const prev = $("#prev-hit"); if (prev) prev.click(); break; }
    }
  });

  // Select all on this page.
  const all = $("#select-all");
  if (all) all.addEventListener("change", () => { $$("input.pick").forEach((b) => { b.checked = all.checked; }); });

  // Links of an email: opened only when the reader confirms, with no referrer and no opener.
  $$("button.open-link").forEach((button) => {
    button.addEventListener("click", () => {
      const href = button.dataset.href;
      if (href && window.confirm(button.dataset.confirm + "\n\n" + href)) {
        window.open(href, "_blank", "noopener,noreferrer");
      }
    });
  });

  // Copy the citation.
  const copy = $("#copy-citation");
  if (copy) copy.addEventListener("click", () => {
    const text = $("#citation");
    if (!text) return;
    text.select();
    if (navigator.clipboard) navigator.clipboard.writeText(text.value); else document.execCommand("copy");
  });

  // A file of queries read into the batch form.
  const file = $("#queries-file");
  if (file) file.addEventListener("change", () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    chosen.text().then((text) => { $("#queries").value = text; });
  });

  // Find in message: every match of the words typed, marked, with next and previous.
  const box = $("#find");
  const text = $("#message-text");
  if (box && text) {
    const original = text.textContent;
    let found = [];
    let at = -1;
    function mark(word) {
      text.textContent = original;
      found = [];
      at = -1;
      if (!word) { $("#find-count").textContent = ""; return; }
      const lower = original.toLowerCase();
      const needle = word.toLowerCase();
      const fragment = document.createDocumentFragment();
      let from = 0;
      for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
        fragment.appendChild(document.createTextNode(original.slice(from, i)));
        const m = document.createElement("mark");
        m.className = "found";
        m.textContent = original.slice(i, i + needle.length);
        fragment.appendChild(m);
        found.push(m);
        from = i + needle.length;
      }
      fragment.appendChild(document.createTextNode(original.slice(from)));
      text.textContent = "";
      text.appendChild(fragment);
      $("#find-count").textContent = found.length + "";
      move(1);
    }
    function move(step) {
      if (found.length === 0) return;
      if (at >= 0) found[at].classList.remove("active");
      at = (at + step + found.length) % found.length;
      found[at].classList.add("active");
      found[at].scrollIntoView({ block: "center" });
      $("#find-count").textContent = (at + 1) + " / " + found.length;
    }
    box.addEventListener("input", () => mark(box.value.trim()));
    box.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); move(event.shiftKey ? -1 : 1); } });
    $("#find-next").addEventListener("click", () => move(1));
    $("#find-prev").addEventListener("click", () => move(-1));
  }
})();
