// Parley web panel, the admins' glossary editor: imports a file through the JSON API and adds
// term rows to the concept form. Loaded only on the glossary pages (the Content-Security-Policy
// allows no inline script). Every value from the server or a file is put on the page with
// textContent, never as HTML.
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // The concept form: "Add a row" copies the template row with the next free row number.
  var addRow = document.getElementById("add-row");
  var newRows = document.getElementById("new-rows");
  var template = document.getElementById("term-row-template");
  if (addRow && newRows && template && template.content) {
    addRow.hidden = false;
    addRow.addEventListener("click", function () {
      var next = parseInt(newRows.getAttribute("data-next-row"), 10) || 0;
      var row = template.content.firstElementChild.cloneNode(true);
      Array.prototype.forEach.call(row.querySelectorAll("[name]"), function (field) {
        field.setAttribute("name", field.getAttribute("name").replace("__N__", String(next)));
      });
      newRows.setAttribute("data-next-row", String(next + 1));
      newRows.appendChild(row);
      var first = row.querySelector("select, input");
      if (first) first.focus();
    });
  }

  // The import form: the file is posted as it is to /v1/glossaries/:industry/import with its
  // type, the page's CSRF token and the version the page shows (so another admin's edit in between
  // is not overwritten); then the glossary is shown again with what changed, or the problems.
  // The translation memory's TMX import: the file is posted as it is to /v1/memory/import; the
  // report (added, replaced, refused with why) is shown under the form.
  var memoryForm = document.getElementById("memory-import");
  if (memoryForm) {
    var memoryStatus = document.getElementById("memory-import-status");
    memoryForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var file = memoryForm.elements.file.files && memoryForm.elements.file.files[0];
      if (!file) { memoryStatus.textContent = "Choose a TMX file to import."; return; }
      var replace = memoryForm.elements.replace.checked;
      if (replace && !window.confirm("Replace the approved entries of the file's languages with " + file.name + "?")) return;
      var submit = memoryForm.querySelector("button[type='submit']");
      submit.disabled = true;
      memoryStatus.textContent = "Importing " + file.name + "…";
      fetch("/v1/memory/import?mode=" + (replace ? "replace" : "merge") + "&name=" + encodeURIComponent(file.name), {
        method: "POST", credentials: "same-origin", body: file,
        headers: { "Content-Type": "application/x-tmx+xml", "Accept": "application/json", "X-CSRF-Token": csrf }
      }).then(function (response) {
        if (response.status === 401) { window.location.assign("/sign-in"); return null; }
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) { memoryStatus.textContent = (data.title ? data.title + ": " : "") + (data.detail || "nothing was imported."); return; }
          var refused = (data.refused || []).map(function (item) { return item.unit + ": " + item.reason; });
          memoryStatus.textContent = "Imported " + data.added + " entries (" + data.superseded + " replaced)" +
            (refused.length ? "; refused " + refused.length + ": " + refused.slice(0, 5).join("; ") : ".");
        });
      }).catch(function () {
        memoryStatus.textContent = "The service did not answer; nothing was imported. Try again.";
      }).then(function () { submit.disabled = false; });
    });
  }

  var form = document.getElementById("import-form");
  if (!form) return;
  var input = document.getElementById("import-file");
  var result = document.getElementById("import-result");
  var button = form.querySelector("button[type='submit']");
  var types = { tbx: "application/x-tbx", xml: "application/x-tbx", csv: "text/csv", tsv: "text/tab-separated-values",
                txt: "text/tab-separated-values", json: "application/json" };

  function show(kind, title, lines) {
    result.textContent = "";
    result.className = "import-result notice " + kind;
    result.appendChild(element("p", "notice-title", title));
    if (lines && lines.length) {
      var list = element("ul", "notice-lines");
      lines.slice(0, 20).forEach(function (line) { list.appendChild(element("li", null, line)); });
      if (lines.length > 20) list.appendChild(element("li", "hint", "and " + (lines.length - 20) + " more"));
      result.appendChild(list);
    }
    result.setAttribute("role", kind === "error" ? "alert" : "status");
    result.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = input.files && input.files[0];
    if (!file) { show("error", "Choose a file to import."); return; }
    var extension = (file.name.split(".").pop() || "").toLowerCase();
    var type = types[extension];
    if (!type) { show("error", "Choose a .tbx, .csv, .tsv or .json file; '" + file.name + "' is none of them."); return; }
    var mode = (form.querySelector("input[name='mode']:checked") || {}).value || "merge";
    if (mode === "replace" &&
        !window.confirm("Replace the whole glossary with " + file.name + "? Concepts that are not in the file are removed.")) {
      return;
    }
    var industry = form.getAttribute("data-industry");
    var url = "/v1/glossaries/" + encodeURIComponent(industry) + "/import?mode=" + encodeURIComponent(mode) +
      "&baseVersion=" + encodeURIComponent(form.getAttribute("data-version") || "");
    button.disabled = true;
    show("pending", "Importing " + file.name + "…");
    fetch(url, {
      method: "POST", credentials: "same-origin", body: file,
      headers: { "Content-Type": type, "Accept": "application/json", "X-CSRF-Token": csrf }
    }).then(function (response) {
      if (response.status === 401) { window.location.assign("/sign-in"); return null; }
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) {
          var page = "/admin/glossaries/" + encodeURIComponent(industry);
          if (data.changes && data.changes.length) {
            window.location.assign(page + "?saved=" + encodeURIComponent(data.version));
          } else {
            show("success", "Imported " + file.name + ": nothing changed.");
          }
          return;
        }
        var lines = (data.issues || []).map(function (issue) {
          return (issue.line ? "line " + issue.line + ": " : "") + (issue.term ? "'" + issue.term + "': " : "") + issue.message;
        });
        if (response.status === 409) {
          show("error", "Someone else changed this glossary since you opened this page; nothing was imported. Reload the page and import again.");
        } else {
          show("error", (data.title ? data.title + ": " : "") + (lines.length ? "nothing was imported." : (data.detail || "the import failed.")), lines);
        }
      });
    }).catch(function () {
      show("error", "The service did not answer; nothing was imported. Try again.");
    }).then(function () { button.disabled = false; });
  });
})();
