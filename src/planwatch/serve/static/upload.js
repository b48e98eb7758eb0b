// The upload page: several files (or a .zip) → the facts the engine reads, editable → a background
// job with a progress bar → links to the regions judged again. Every word shown comes from the page
// (labels.yaml through the template's data-* attributes); no inline script (CSP).
(function () {
  "use strict";
  const form = document.getElementById("upload-form");
  const jobBox = document.getElementById("job");
  if (!form || !jobBox) return;
  const input = form.querySelector("input[type=file]");
  const token = form.elements["csrf_token"].value;
  const rowsBox = document.getElementById("batch-facts");
  const rows = document.getElementById("batch-rows");
  const rowTemplate = document.getElementById("batch-row");
  const single = document.getElementById("single-facts");
  if (single) single.remove(); // the form without script: one file, its facts; here one row per file
  const submit = form.querySelector("button[type=submit]");
  let previewing = null; // the pending preview (a promise of its rows)
  let engine = {}; // file name → the facts the engine read

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (m, k) => (k in values && values[k] !== null ? String(values[k]) : ""));
  }

  function showError(text) {
    let box = document.getElementById("upload-error");
    if (!box) {
      box = document.createElement("p");
      box.id = "upload-error";
      box.className = "error";
      box.setAttribute("role", "alert");
      form.parentNode.insertBefore(box, form);
    }
    box.textContent = text;
  }

  function clearError() {
    const box = document.getElementById("upload-error");
    if (box) box.remove();
  }

  async function readJson(resp) {
    let body = null;
    try { body = await resp.json(); } catch (e) { body = null; }
    if (!resp.ok) {
      const detail = body && typeof body.detail === "string" ? body.detail : String(resp.status);
      throw new Error(detail);
    }
    return body;
  }

  function addRow(item) {
    const tr = rowTemplate.content.firstElementChild.cloneNode(true);
    tr.dataset.file = item.file;
    tr.querySelector(".file").textContent = item.archive ? item.archive + " › " + item.file : item.file;
    const status = tr.querySelector(".status");
    if (item.error) {
      tr.classList.add("refused");
      tr.querySelectorAll("input, select").forEach((el) => { el.disabled = true; });
      status.textContent = item.error;
      status.classList.add("error");
    } else {
      tr.querySelector(".f-region").value = item.region || "";
      tr.querySelector(".f-year").value = item.year || "";
      tr.querySelector(".f-kind").value = item.kind || "";
      const unsure = item.unsure || [];
      status.textContent = unsure.length ? form.dataset.unsure : form.dataset.ready;
      unsure.forEach((f) => {
        const el = tr.querySelector(".f-" + f);
        if (el) el.classList.add("unsure");
      });
      engine[item.file] = { region: item.region || "", year: item.year || "", kind: item.kind || "" };
    }
    rows.appendChild(tr);
  }

  let asked = 0; // the latest preview asked for: an older answer is dropped
  function preview() {
    const mine = ++asked;
    clearError();
    rows.replaceChildren();
    engine = {};
    const files = Array.from(input.files || []);
    if (!files.length) { rowsBox.hidden = true; return; }
    rowsBox.hidden = false;
    submit.disabled = true;
    const wait = document.createElement("tr");
    wait.innerHTML = "<td colspan=5></td>";
    wait.firstChild.textContent = form.dataset.reading;
    rows.appendChild(wait);
    const body = new FormData();
    files.forEach((f) => body.append("files", f, f.name));
    previewing = fetch("/api/uploads/preview", { method: "POST", body, headers: { "X-CSRF-Token": token } })
      .then(readJson)
      .then((data) => {
        if (mine === asked) { rows.replaceChildren(); data.files.forEach(addRow); }
        return data.files;
      })
      .catch((err) => { rows.replaceChildren(); showError(err.message); return []; })
      .finally(() => { submit.disabled = false; });
  }

  function given() {
    // only what a person typed or chose: a fact left as the engine read it stays the engine's
    const facts = {};
    rows.querySelectorAll("tr.batch-file:not(.refused)").forEach((tr) => {
      const read = engine[tr.dataset.file] || {};
      const mine = {};
      [["region", ".f-region"], ["year", ".f-year"], ["kind", ".f-kind"]].forEach(([key, sel]) => {
        const value = tr.querySelector(sel).value.trim();
        const el = tr.querySelector(sel);
        if (el.dataset.touched || value !== (read[key] || "")) mine[key] = value;
      });
      if (Object.keys(mine).length) facts[tr.dataset.file] = mine;
    });
    return facts;
  }

  function regionLink(name) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = "/regions/" + encodeURIComponent(name);
    a.textContent = name;
    li.appendChild(a);
    return li;
  }

  function render(job) {
    const bar = document.getElementById("job-bar");
    const text = document.getElementById("job-text");
    bar.max = Math.max(job.total, 1);
    bar.value = job.done;
    const d = jobBox.dataset;
    const values = { done: job.done, total: job.total, current: job.current || "" };
    if (job.finished) {
      const stored = job.documents.length;
      text.textContent = fill(d.finished, { ...values, stored, failed: job.errors.length });
      bar.value = bar.max;
    } else if (job.state === "judging") {
      text.textContent = fill(d.judging, values);
    } else if (job.state === "queued") {
      text.textContent = d.queued;
    } else {
      text.textContent = fill(d.progress, values);
    }
    jobBox.dataset.state = job.state;
    const errors = document.getElementById("job-errors");
    const list = errors.querySelector("ul");
    list.replaceChildren();
    job.errors.forEach((e) => {
      const li = document.createElement("li");
      li.className = "job-error";
      const name = document.createElement("strong");
      name.textContent = e.file;
      li.append(name, "：" + e.reason);
      list.appendChild(li);
    });
    errors.hidden = !job.errors.length;
    if (!job.finished) return;
    if (job.judge_error) {
      const li = document.createElement("li");
      li.className = "job-error";
      li.textContent = job.judge_error;
      list.appendChild(li);
      errors.hidden = false;
    }
    const regions = document.getElementById("job-regions");
    regions.querySelector("ul").replaceChildren(...job.regions.map(regionLink));
    regions.querySelector(".judged").textContent = job.judged !== null ? fill(d.judged, { n: job.judged }) : "";
    regions.hidden = !job.regions.length;
    const docs = document.getElementById("job-documents");
    docs.querySelector("ul").replaceChildren(...job.documents.map((doc) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = doc.url;
      a.textContent = doc.file;
      li.append(a, "（" + (doc.created ? d.storedNew : d.storedSame) + "）");
      return li;
    }));
    docs.hidden = !job.documents.length;
    document.getElementById("job-again").hidden = false;
  }

  async function follow(id, one) {
    jobBox.hidden = false;
    jobBox.dataset.job = id;
    for (;;) {
      let job;
      try {
        job = await readJson(await fetch("/api/jobs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } }));
      } catch (err) {
        showError(err.message);
        return;
      }
      render(job);
      if (job.finished) {
        if (one && job.total === 1 && job.documents.length === 1 && !job.errors.length) {
          window.location.assign(job.documents[0].url + "?uploaded=1");
        }
        return;
      }
      await new Promise((r) => setTimeout(r, 400));
    }
  }

  input.addEventListener("change", preview);
  const touch = (event) => { if (event.target.closest("tr.batch-file")) event.target.dataset.touched = "1"; };
  rows.addEventListener("input", touch);
  rows.addEventListener("change", touch);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError();
    const files = Array.from(input.files || []);
    if (!files.length) return;
    if (!previewing) preview();
    const found = await previewing;
    const ok = found.filter((r) => !r.error);
    if (!ok.length) {
      showError(found.map((r) => r.file + "：" + r.error).join("\n") || form.dataset.noneReady);
      return;
    }
    submit.disabled = true;
    input.disabled = true;
    rows.querySelectorAll("input, select").forEach((el) => { el.disabled = true; });
    const body = new FormData();
    files.forEach((f) => body.append("files", f, f.name));
    body.append("facts", JSON.stringify(given()));
    try {
      const started = await readJson(await fetch("/api/uploads", {
        method: "POST", body, headers: { "X-CSRF-Token": token },
      }));
      history.replaceState(null, "", "/upload?job=" + started.job);
      const one = files.length === 1 && !/\.zip$/i.test(files[0].name);
      await follow(started.job, one);
    } catch (err) {
      showError(err.message);
      submit.disabled = false;
      input.disabled = false;
    }
  });

  if (jobBox.dataset.job) {
    form.closest("section").hidden = true;
    follow(jobBox.dataset.job, false);
  }
})();
