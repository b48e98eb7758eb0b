// Review view: correct statements (confirm / edit / delete), add a missed one by selecting text,
// keyboard shortcuts. Offsets are code points of the document text, as the server counts them.
(function () {
  "use strict";
  const form = document.getElementById("editform");
  const article = document.getElementById("doctext");
  if (!form || !article) return;
  const token = form.elements["csrf_token"].value;
  const doc = form.dataset.doc;
  const errorBox = document.getElementById("review-error");
  let mode = form.dataset.item ? "item" : "none";

  function cp(s) { return Array.from(s).length; }

  function offsetOf(node, offset) {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const holder = el && el.closest("[data-o]");
    if (!holder || !article.contains(holder)) return null;
    if (node.nodeType !== Node.TEXT_NODE) return parseInt(holder.dataset.o, 10) + (offset > 0 ? cp(holder.textContent) : 0);
    return parseInt(holder.dataset.o, 10) + cp(node.data.slice(0, offset));
  }

  function fields() {
    const out = {};
    for (const name of ["indicator", "unit", "period", "canonical", "kind", "measure", "comparator", "direction"]) {
      out[name] = form.elements[name].value.trim();
    }
    out.value = parseFloat(form.elements["value"].value);
    out.start = parseInt(form.elements["start"].value, 10);
    out.end = parseInt(form.elements["end"].value, 10);
    return out;
  }

  function go(item) {
    const url = new URL(window.location.href);
    if (item) { url.searchParams.set("item", item); url.hash = "st-" + item; }
    else { url.searchParams.delete("item"); url.hash = ""; }
    window.location.assign(url.toString());
  }

  async function send(action) {
    const body = { doc: doc, action: action };
    if (action === "add") {
      const f = fields();
      body.start = f.start; body.end = f.end;
      delete f.start; delete f.end;
      body.fields = f;
    } else {
      if (!form.dataset.item) return;
      body.item = form.dataset.item;
      if (action === "edit") body.fields = fields();
    }
    const resp = await fetch("/api/review/corrections", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await resp.json().catch(() => ({}));
    if (!resp.ok) {
      errorBox.textContent = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail || resp.status);
      errorBox.hidden = false;
      return;
    }
    if (action === "confirm" || action === "delete") go(form.dataset.next || (data.statement && data.statement.id));
    else go(data.statement && data.statement.id);
  }

  form.addEventListener("click", (ev) => {
    const btn = ev.target.closest("button");
    if (!btn) return;
    if (btn.id === "btn-next") { go(form.dataset.next); return; }
    if (btn.dataset.action === "edit" && mode === "add") { send("add"); return; }
    if (btn.dataset.action) send(btn.dataset.action);
  });
  form.addEventListener("submit", (ev) => { ev.preventDefault(); send(mode === "add" ? "add" : "edit"); });

  const addbar = document.getElementById("addbar");
  const addText = document.getElementById("add-text");
  let picked = null;
  document.addEventListener("selectionchange", () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !article.contains(sel.anchorNode)) { return; }
    let a = offsetOf(sel.anchorNode, sel.anchorOffset);
    let b = offsetOf(sel.focusNode, sel.focusOffset);
    if (a === null || b === null) return;
    if (a > b) [a, b] = [b, a];
    const text = sel.toString();
    const lead = cp(text) - cp(text.trimStart());
    const trail = cp(text) - cp(text.trimEnd());
    a += lead; b -= trail;
    if (b <= a) return;
    picked = { start: a, end: b, text: text.trim() };
    addText.textContent = picked.text;
    addbar.hidden = false;
  });
  document.getElementById("add-selection").addEventListener("click", () => {
    if (!picked) return;
    mode = "add";
    form.hidden = false;
    form.dataset.item = "";
    form.elements["start"].value = picked.start;
    form.elements["end"].value = picked.end;
    const m = picked.text.match(/[0-9０-９][0-9０-９.,，]*/);
    form.elements["value"].value = m ? m[0].replace(/[,，]/g, "") : "";
    document.getElementById("btn-confirm").hidden = true;
    document.getElementById("btn-delete").hidden = true;
    document.getElementById("btn-save").textContent = "添加";
    form.elements["indicator"].focus();
  });

  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
    if (ev.key === "c" && mode === "item") { ev.preventDefault(); send("confirm"); }
    else if (ev.key === "n" || ev.key === "j") { ev.preventDefault(); go(form.dataset.next); }
    else if (ev.key === "d" && mode === "item") { ev.preventDefault(); send("delete"); }
    else if (ev.key === "e" && mode === "item") { ev.preventDefault(); form.elements["value"].focus(); }
  });
})();
