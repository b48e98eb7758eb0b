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

  // The sticky header's real height, so that a figure opened by its link lands below it (app.css).
  const topbar = document.querySelector(".topbar");
  function headerHeight() {
    if (topbar) document.documentElement.style.setProperty("--header-h", topbar.getBoundingClientRect().height + "px");
  }
  headerHeight();
  window.addEventListener("resize", headerHeight);

  // A quoted sentence (the figure in <mark>) and its source, as the server renders them (_macros.html).
  function quoteBlock(item, role, Q, link) {
    const p = el("p", {});
    const a = item.sentence && item.sentence_start !== null && item.sentence_start !== undefined ? item.start - item.sentence_start : -1;
    const b = a >= 0 ? item.end - item.sentence_start : -1;
    if (a >= 0 && b <= item.sentence.length) {
      p.append(item.sentence.slice(0, a), el("mark", {}, [item.sentence.slice(a, b)]), item.sentence.slice(b));
    } else p.append(el("mark", {}, [item.text]));
    const foot = el("footer", { class: "source" }, [(Q.source || "") + "：",
      el("cite", { title: (Q.file || "") + "：" + item.doc }, [item.doc_title || item.doc])]);
    if (item.doc_date) foot.append(" · ", el("time", { datetime: item.doc_date }, [item.doc_date]));
    foot.append(" ", el("small", { class: "file" }, [item.doc]));
    if (link && item.doc_sha) {
      let href = "/documents/" + item.doc_sha;
      if (item.statement_id) href += "?focus=" + encodeURIComponent(item.statement_id) + "#st-" + item.statement_id;
      foot.append(" ", el("a", { class: "evlink", href: href }, [Q.view || ""]));
    }
    return el("blockquote", { class: "quote " + role }, [p, foot]);
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
        const Q = L.quote || {};
        const ul = el("ul", { class: "evidence" });
        (j.evidence || []).forEach((e) => {
          const li = el("li", { class: "role-" + e.role }, [el("span", { class: "role" }, [lab("role", e.role)]),
            lab("kind", e.kind) + " " + e.period + "：", el("strong", {}, [e.text])]);
          li.append(quoteBlock(e, "evidence", Q, true));
          ul.append(li);
        });
        if (!ul.children.length) ul.append(el("li", { class: "muted" }, [Q.no_evidence || ""]));
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
    // the figure itself, not the sentence around it: a long sentence centred could hide it under the header
    const focus = document.querySelector(".doctext a.st.current") || document.getElementById("focus");
    if (focus) {
      focus.scrollIntoView({ block: "center" });
      // the browser's own jump to #st-… may come later (it keeps the figure just below the header): centre again
      window.addEventListener("load", () => requestAnimationFrame(() => focus.scrollIntoView({ block: "center" })));
    }
  }
})();

// Filters that apply on change (<select data-autosubmit>): a listener here, since the CSP allows no inline handler.
document.addEventListener("change", (ev) => {
  const t = ev.target;
  if (t instanceof HTMLSelectElement && t.hasAttribute("data-autosubmit") && t.form) t.form.submit();
});
