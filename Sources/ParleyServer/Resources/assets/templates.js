// Parley web panel: the templates page. Each template's Preview fills in the values typed for
// its variables and shows it in the language chosen (POST /v1/templates/:id/preview); Delete
// asks first. Every value from the server is put on the page with textContent, never as HTML.
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";
  var language = document.getElementById("preview-language");

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 401) window.location.assign("/sign-in");
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, data: data };
      });
    });
  }

  function show(form, result) {
    var box = form.querySelector(".template-preview");
    var error = form.querySelector(".preview-error");
    error.hidden = true;
    if (result.status === "failed" || !result.text) {
      box.hidden = true;
      error.textContent = "Not translated: " + (result.failure || (result.doubts || [])[0] || "the translation failed.");
      error.hidden = false;
      return;
    }
    box.querySelector(".preview-text").textContent = result.text;
    box.querySelector(".preview-text").setAttribute("lang", result.language || "");
    box.querySelector(".preview-back").textContent = result.backTranslation || "—";
    box.querySelector(".preview-sms").textContent =
      (result.language || "") + " · " + result.encoding + " · " + result.segments + (result.segments === 1 ? " segment" : " segments");
    var list = box.querySelector(".preview-warnings");
    list.textContent = "";
    var notes = (result.doubts || []).concat(result.warnings || []);
    notes.forEach(function (note, index) {
      if (notes.indexOf(note) !== index) return;
      var item = document.createElement("li");
      item.textContent = note;
      list.appendChild(item);
    });
    box.hidden = false;
  }

  function preview(form) {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name]"), function (input) {
      if (input.value.trim() !== "") values[input.name] = input.value;
    });
    var button = form.querySelector(".preview-button");
    button.disabled = true;
    var url = "/v1/templates/" + encodeURIComponent(form.getAttribute("data-template")) + "/preview";
    post(url, { language: language ? language.value : "es", values: values }).then(function (answer) {
      button.disabled = false;
      if (answer.ok) { show(form, answer.data); return; }
      form.querySelector(".template-preview").hidden = true;
      var error = form.querySelector(".preview-error");
      error.textContent = answer.data.detail || "The preview failed.";
      error.hidden = false;
    }).catch(function () {
      button.disabled = false;
      var error = form.querySelector(".preview-error");
      error.textContent = "The preview failed: is the service reachable?";
      error.hidden = false;
    });
  }

  var forms = document.querySelectorAll("form.template-try");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      preview(form);
    });
  });

  // Another language: the previews shown are shown again in it.
  if (language) {
    language.addEventListener("change", function () {
      Array.prototype.forEach.call(forms, function (form) {
        if (!form.querySelector(".template-preview").hidden) preview(form);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.delete-template"), function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm("Delete the template “" + form.getAttribute("data-name") + "”? Reps can no longer use it.")) event.preventDefault();
    });
  });
})();
