// PlanWatch: small progressive enhancement. Pages work without it.
(function () {
  "use strict";
  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    (children || []).forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return e;
  }
  function num(v) {
    if (v === null || v === undefined) return "";
    return Number.isInteger(v) ? String(v) : String(+v.toPrecision(6));
  }

  // Document view: clicking a highlighted figure fills the side panel (text only, via textContent).
  const dataNode = document.getElementById("statements-data");
  const labelsNode = document.getElementById("labels-data");
  if (dataNode && labelsNode) {
    const data = JSON.parse(dataNode.textContent);
    const L = JSON.parse(labelsNode.textContent);
    const lab = (group, code) => (L[group] && L[group][code]) || code || "";
    const body = document.getElementById("panel-body");
    function show(id) {
      const st = data[id];
      if (!st || !body) return;
      document.querySelectorAll(".doctext a.st.current").forEach((a) => a.classList.remove("current"));
      const mark = document.getElementById("st-" + id);
      if (mark) mark.classList.add("current");
      const dl = el("dl", { class: "fields" });
      const add = (k, v) => { dl.append(el("dt", {}, [k]), el("dd", {}, [v])); };
      add("原文", st.text);
      add("数值", num(st.value) + st.unit + (st.comparator !== "=" ? "（" + lab("comparator", st.comparator) + "）" : ""));
      add("口径", lab("measure", st.measure) + " · " + lab("direction", st.direction));
      add("时期", st.period);
      if (st.canonical) {
        const a = el("a", { href: "/indicators/" + encodeURIComponent(st.canonical) }, [st.canonical]);
        dl.append(el("dt", {}, ["标准指标"]), el("dd", {}, [a]));
      } else add("标准指标", "—");
      add("位置", "[" + st.start + ", " + st.end + ")");
      if (st.doubts && st.doubts.length) add("存疑", st.doubts.join("；"));
      const parts = [el("h2", {}, [el("span", { class: "kind k-" + st.kind }, [lab("kind", st.kind)]), " ", st.indicator]), dl];
      const j = st.judgement;
      if (j) {
        parts.push(el("h3", {}, ["评估 ", el("span", { class: "badge st-" + j.status }, [lab("status", j.status)])]));
        if (j.reason) parts.push(el("p", { class: "reason" }, [j.reason]));
        const ul = el("ul", { class: "evidence" });
        (j.evidence || []).forEach((e) => {
          const li = el("li", { class: "role-" + e.role }, [el("span", { class: "role" }, [lab("role", e.role)]),
            lab("kind", e.kind) + " " + e.period + "：", el("strong", {}, [e.text])]);
          if (e.doc_sha) {
            let href = "/documents/" + e.doc_sha;
            if (e.statement_id) href += "?focus=" + encodeURIComponent(e.statement_id) + "#st-" + e.statement_id;
            li.append(" ", el("a", { class: "evlink", href: href }, ["查看原文 · " + e.doc]));
          }
          ul.append(li);
        });
        if (!ul.children.length) ul.append(el("li", { class: "muted" }, ["暂无依据"]));
        parts.push(ul);
      }
      body.replaceChildren(...parts);
    }
    document.addEventListener("click", (ev) => {
      const a = ev.target.closest("a.st, ol.stlist a");
      if (!a || ev.metaKey || ev.ctrlKey) return;
      const id = a.dataset.id;
      if (!data[id]) return;
      ev.preventDefault();
      show(id);
      history.replaceState(null, "", "?focus=" + encodeURIComponent(id) + "#st-" + id);
      const mark = document.getElementById("st-" + id);
      if (a.closest("ol.stlist") && mark) mark.scrollIntoView({ block: "center", behavior: "smooth" });
    });
    const focus = document.getElementById("focus") || document.querySelector(".doctext a.st.current");
    if (focus) focus.scrollIntoView({ block: "center" });
  }
})();

// Filters that apply on change (<select data-autosubmit>): a listener here, since the CSP allows no inline handler.
document.addEventListener("change", (ev) => {
  const t = ev.target;
  if (t instanceof HTMLSelectElement && t.hasAttribute("data-autosubmit") && t.form) t.form.submit();
});
