// Parley web panel: the thread's live updates, compose preview and sending. Loaded from
// /assets (the Content-Security-Policy allows no inline script). Every value from the server is
// put on the page with textContent, never as HTML: an SMS body is hostile input.
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  // The JSON API, signed in by the session cookie; unsafe methods carry the CSRF token.
  function api(method, url, body) {
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json", "X-CSRF-Token": csrf } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      // The session ended (signed out elsewhere, or 12 idle hours): sign in again.
      if (response.status === 401) window.location.assign("/sign-in");
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function details(className, summary, text, lang) {
    var node = element("details", className);
    node.appendChild(element("summary", null, summary));
    var body = element("p", null, text);
    if (lang !== undefined) body.setAttribute("lang", lang || "");
    node.appendChild(body);
    return node;
  }

  function shownTime(iso) {
    var date = new Date(iso);
    return isNaN(date) ? iso : date.toLocaleString([], { dateStyle: "short", timeStyle: "short" });
  }

  // Times rendered by the server are UTC; show them in the browser's zone.
  Array.prototype.forEach.call(document.querySelectorAll("time[datetime]"), function (node) {
    node.textContent = shownTime(node.getAttribute("datetime"));
  });

  // A live stream the server stopped resuming (the session ended: signed out, its key revoked,
  // the person deactivated): api() sends the page to sign-in when the session is gone.
  function followSession(source) {
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) api("GET", "/v1/numbers");
    });
  }

  // The conversation list: refreshed from the API when any visible conversation changes.
  var conversations = document.getElementById("conversations");
  if (conversations && window.EventSource) {
    var rep = conversations.getAttribute("data-rep");
    var rows = document.getElementById("conversation-list");
    var empty = document.getElementById("no-conversations");
    var refresh = null;

    var row = function (summary) {
      var unread = summary.conversation.unreadCount || 0;
      var item = element("li", "conversation" + (unread > 0 ? " unread" : ""));
      var link = element("a");
      link.setAttribute("href", "/conversations/" + summary.conversation.id);
      link.appendChild(element("span", "contact", summary.contact.name || summary.contact.phone));
      link.appendChild(element("span", "language", summary.contact.preferredLanguage || "language not set"));
      if (summary.contact.consent && summary.contact.consent.state === "optedOut") {
        link.appendChild(element("span", "consent", "opted out"));
      }
      if (unread > 0) {
        var badge = element("span", "badge", String(unread));
        badge.setAttribute("title", "unread messages");
        link.appendChild(badge);
      }
      var at = summary.conversation.lastMessageAt || summary.conversation.createdAt;
      var time = element("time", null, shownTime(at));
      time.setAttribute("datetime", at);
      link.appendChild(time);
      link.appendChild(element("span", "snippet", summary.lastMessage ? summary.lastMessage.shownText : ""));
      item.appendChild(link);
      return item;
    };

    var reload = function () {
      api("GET", "/v1/conversations?limit=200&rep=" + encodeURIComponent(rep)).then(function (answer) {
        if (!answer.ok || !Array.isArray(answer.data)) return;
        rows.textContent = "";
        answer.data.forEach(function (summary) { rows.appendChild(row(summary)); });
        empty.hidden = answer.data.length > 0;
      });
    };

    var since = conversations.getAttribute("data-last-event") || "";
    var stream = new EventSource("/v1/events?after=" + encodeURIComponent(since));
    followSession(stream);
    var changed = function () {
      clearTimeout(refresh);
      refresh = setTimeout(reload, 300);
    };
    ["messageAdded", "messageUpdated", "conversationUpdated", "consentChanged"].forEach(function (kind) {
      stream.addEventListener(kind, changed);
    });
  }

  var thread = document.getElementById("thread");
  if (!thread) return;
  var conversation = thread.getAttribute("data-conversation");
  var contact = thread.getAttribute("data-contact");
  var list = document.getElementById("messages");

  // A rep flags a reply's translation: the wording goes to an admin's review queue.
  thread.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("flag-form")) return;
    event.preventDefault();
    var status = form.querySelector(".flag-status");
    var button = form.querySelector("button");
    button.disabled = true;
    var body = { proposal: form.elements.proposal.value, note: form.elements.note.value };
    api("POST", "/v1/messages/" + form.getAttribute("data-message") + "/flag", body).then(function (answer) {
      button.disabled = false;
      status.textContent = answer.ok
        ? "Sent for review: once an admin approves it, replies use this wording."
        : (answer.data.detail || "Not sent for review.");
    }).catch(function () { button.disabled = false; status.textContent = "Not sent: is the service reachable?"; });
  });

  var notes = {
    pending: "Translation pending: the original is shown until the translation service answers.",
    failed: "Not translated: ",
    needsReview: "Check this translation: "
  };

  // One message, as the server renders it in thread.mustache.
  function render(message) {
    var inbound = message.direction === "inbound";
    var pending = message.translationStatus === "pending";
    var item = element("li", "message " + message.direction + (pending ? " pending" : ""));
    item.setAttribute("data-id", message.id);
    item.appendChild(element("p", "english", message.shownText));
    if (inbound && message.original !== message.shownText) {
      var language = message.detectedLanguage || "";
      item.appendChild(details("original", "Original" + (language ? " (" + language + ")" : ""), message.original, language));
    }
    if (!inbound && message.sentText && message.sentText !== message.shownText) {
      item.appendChild(details("sent", "Sent text", message.sentText));
      if (!message.leadID) item.appendChild(flagBox(message));
    }
    var status = message.translationStatus;
    if (status === "pending") item.appendChild(element("p", "note", notes.pending));
    if (status === "failed" || status === "needsReview") {
      item.appendChild(element("p", "note", notes[status] + (message.translationError || "see the original") + "."));
    }
    if (inbound && message.provenance && Array.isArray(message.provenance.warnings)) {
      // Each warning has its kind, for code, and its text, for the rep.
      message.provenance.warnings.forEach(function (warning) {
        item.appendChild(element("p", "note warning", warning.text));
      });
    }
    var metaLine = element("p", "meta");
    var time = element("time", null, shownTime(message.createdAt));
    time.setAttribute("datetime", message.createdAt);
    metaLine.appendChild(time);
    metaLine.appendChild(document.createTextNode(" · " + message.deliveryStatus));
    item.appendChild(metaLine);
    return item;
  }

  // "Flag translation" under a translated reply, as message.mustache renders it.
  function flagBox(message) {
    var box = element("details", "flag");
    box.appendChild(element("summary", null, "Flag translation"));
    var form = element("form", "flag-form");
    form.setAttribute("data-message", message.id);
    var wording = element("label", null, "Better wording, in the contact's language");
    var area = element("textarea");
    area.name = "proposal";
    area.rows = 3;
    area.value = message.sentText;
    wording.appendChild(area);
    var why = element("label", null, "What is wrong (optional)");
    var note = element("input");
    note.type = "text";
    note.name = "note";
    note.maxLength = 500;
    why.appendChild(note);
    var status = element("span", "flag-status hint");
    status.setAttribute("role", "status");
    form.appendChild(wording);
    form.appendChild(why);
    var send = element("button", null, "Send for review");
    send.type = "submit";
    form.appendChild(send);
    form.appendChild(status);
    box.appendChild(form);
    return box;
  }

  function upsert(message) {
    // In the thread or in the intake bot's transcript above it.
    var existing = null;
    Array.prototype.forEach.call(thread.querySelectorAll("li.message"), function (node) {
      if (node.getAttribute("data-id") === message.id) existing = node;
    });
    var node = render(message);
    if (existing) {
      existing.parentNode.replaceChild(node, existing);
    } else {
      list.appendChild(node);
      toNewest();
    }
  }

  // The newest messages sit just above the compose box, which sticks to the bottom of the
  // window: at the page's end it is in its own place and covers no message.
  function toNewest() { window.scrollTo(0, document.documentElement.scrollHeight); }
  toNewest();

  function markRead() { api("POST", "/v1/conversations/" + conversation + "/read"); }
  markRead();

  // Live updates: the stream resumes after the last event the page was rendered with.
  if (window.EventSource) {
    var after = thread.getAttribute("data-last-event") || "";
    var source = new EventSource("/v1/conversations/" + conversation + "/events?after=" + encodeURIComponent(after));
    followSession(source);
    var onMessage = function (event) {
      var payload;
      try { payload = JSON.parse(event.data); } catch (e) { return; }
      if (!payload.message) return;
      upsert(payload.message);
      if (payload.message.direction === "inbound" && document.visibilityState === "visible") markRead();
    };
    source.addEventListener("messageAdded", onMessage);
    source.addEventListener("messageUpdated", onMessage);
    // The contact opted out or back in: the notice above compose follows, without a reload.
    source.addEventListener("consentChanged", function (event) {
      var payload;
      try { payload = JSON.parse(event.data); } catch (e) { payload = {}; }
      if (payload.message) upsert(payload.message);
      api("GET", "/v1/contacts/" + contact).then(function (answer) {
        if (answer.ok) showConsent(answer.data);
      });
    });
  }

  // The notice above compose, and the buttons that settle a probable opt-out.
  function showConsent(view) {
    var notice = document.getElementById("opt-out");
    notice.textContent = view.optOutNotice || "";
    notice.hidden = !view.optOutNotice;
    var consent = view.contact && view.contact.consent;
    document.getElementById("opt-out-review").hidden = !(consent && consent.state === "unconfirmedOptOut");
  }

  function reviewOptOut(confirmed) {
    api("POST", "/v1/contacts/" + contact + "/opt-out-review", { confirmed: confirmed }).then(function (answer) {
      if (answer.ok) { showConsent(answer.data); showError(""); requestPreview(); } else { showError(answer.data.detail || "Not saved."); }
    });
  }
  var confirmOptOut = document.getElementById("confirm-opt-out");
  if (confirmOptOut) {
    confirmOptOut.addEventListener("click", function () { reviewOptOut(true); });
    document.getElementById("dismiss-opt-out").addEventListener("click", function () { reviewOptOut(false); });
  }

  // Compose: a live preview as the rep types, then send.
  var form = document.getElementById("compose");
  var text = document.getElementById("compose-text");
  var preview = document.getElementById("preview");
  var failure = document.getElementById("compose-error");
  var timer = null;
  var asked = 0;
  // A template with {{variables}}: sent by id with the values typed for it; its text is read-only.
  var chosenTemplate = null;
  var valuesBox = document.getElementById("template-values");

  // What preview and send post: the English, or the template and its values.
  function composed() {
    if (!chosenTemplate) return text.value.trim() ? { text: text.value } : null;
    var values = {};
    Array.prototype.forEach.call(valuesBox.querySelectorAll("input"), function (input) {
      values[input.name] = input.value;
    });
    return { templateID: chosenTemplate, values: values };
  }

  function templateFilled() {
    return Array.prototype.every.call(valuesBox.querySelectorAll("input"), function (input) { return input.value.trim() !== ""; });
  }

  function showError(message) {
    failure.textContent = message || "";
    failure.hidden = !message;
  }

  // The token of the preview shown, for the text it shows: send sends exactly that text.
  var previewed = null;

  var doubtsBox = document.getElementById("preview-doubts");
  var confirmDoubts = document.getElementById("confirm-doubts");

  function showPreview(result, body) {
    previewed = result.token ? { token: result.token, body: JSON.stringify(body), needsConfirmation: !!result.needsConfirmation } : null;
    document.getElementById("preview-text").textContent = result.text || "";
    document.getElementById("preview-back").textContent = result.backTranslation || "—";
    document.getElementById("preview-sms").textContent =
      (result.language || "") + " · " + result.encoding + " · " + result.segments + (result.segments === 1 ? " segment" : " segments");
    // Why it may be wrong first (with the box to tick before it can go), then the other notes.
    var doubts = result.doubts || [];
    var doubtList = document.getElementById("preview-doubt-list");
    doubtList.textContent = "";
    doubts.forEach(function (doubt) { doubtList.appendChild(element("li", null, doubt)); });
    doubtsBox.hidden = doubts.length === 0;
    confirmDoubts.checked = false;
    document.getElementById("confirm-doubts-label").hidden = !result.needsConfirmation;
    var warnings = document.getElementById("preview-warnings");
    warnings.textContent = "";
    (result.warnings || []).concat(result.failure ? [result.failure] : []).forEach(function (warning) {
      if (doubts.indexOf(warning) === -1) warnings.appendChild(element("li", null, warning));
    });
    preview.classList.toggle("not-ready", !result.readyToSend);
    preview.hidden = false;
  }

  function requestPreview() {
    var body = composed();
    if (!body || (chosenTemplate && !templateFilled())) { preview.hidden = true; return; }
    var ticket = ++asked;
    api("POST", "/v1/conversations/" + conversation + "/preview", body).then(function (answer) {
      if (ticket !== asked) return; // a newer preview is on its way
      if (answer.ok) { showPreview(answer.data, body); showError(""); } else { showError(answer.data.detail || "The preview failed."); }
    }).catch(function () { if (ticket === asked) showError("The preview failed: is the service reachable?"); });
  }

  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(requestPreview, 350);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = composed();
    if (!body) return;
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    // Send what the rep saw when the preview is of this very text; a doubtful one only once
    // the rep ticked that they read why.
    if (previewed && previewed.body === JSON.stringify(body)) {
      if (previewed.needsConfirmation && !confirmDoubts.checked) {
        button.disabled = false;
        showError("Read why this translation may be wrong, tick the box to send it anyway, or reword your message.");
        confirmDoubts.focus();
        return;
      }
      body.previewToken = previewed.token;
      if (previewed.needsConfirmation) body.confirmed = true;
    }
    api("POST", "/v1/conversations/" + conversation + "/messages", body).then(function (answer) {
      button.disabled = false;
      if (answer.ok) {
        text.value = "";
        useTemplate(null);
        preview.hidden = true;
        previewed = null;
        showError("");
        if (answer.data.message) upsert(answer.data.message);
      } else {
        showError(answer.data.detail || "Not sent.");
      }
    }).catch(function () { button.disabled = false; showError("Not sent: is the service reachable?"); });
  });

  var picker = document.getElementById("template");

  // A template without variables is only a start: its text can be edited and goes as text.
  // A template with variables asks for each in a field labelled in words ("First name", with
  // {{first_name}} as a hint), filled in already where the thread knows the value.
  function useTemplate(option) {
    // A variable's words in sentence case: first_name and firstName are "First name", as the
    // templates page labels them (TemplateVariable.label).
    function labelFor(name) {
      var words = name.replace(/([a-z])([A-Z])/g, "$1 $2").split(/[_.\- ]+/).filter(function (word) { return word; });
      if (words.length === 0) return name;
      return words.map(function (word, index) {
        if (index === 0) return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
        return word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase();
      }).join(" ");
    }
    // What the thread knows: the contact's name (the page shows their phone when they have none).
    function knownValue(name) {
      var contactName = picker.getAttribute("data-contact") || "";
      if (!contactName || contactName === picker.getAttribute("data-phone")) return "";
      var key = name.toLowerCase().replace(/[_.\- ]/g, "");
      if (key === "firstname" || key === "contactfirstname") return contactName.split(/\s+/)[0];
      if (key === "name" || key === "contactname" || key === "fullname") return contactName;
      return "";
    }

    chosenTemplate = null;
    text.readOnly = false;
    if (valuesBox) { valuesBox.textContent = ""; valuesBox.hidden = true; }
    if (!option || !option.value) {
      if (picker) picker.value = "";
      return;
    }
    text.value = option.getAttribute("data-text") || "";
    var variables = (option.getAttribute("data-variables") || "").split(",").filter(function (name) { return name; });
    if (variables.length === 0) return;
    chosenTemplate = option.value;
    text.readOnly = true;
    variables.forEach(function (name) {
      var label = element("label", "template-value");
      var title = element("span", null, labelFor(name) + " ");
      title.appendChild(element("span", "hint", "{{" + name + "}}"));
      label.appendChild(title);
      var input = element("input");
      input.name = name;
      input.required = true;
      input.autocomplete = "off";
      input.value = knownValue(name);
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(requestPreview, 350);
      });
      label.appendChild(input);
      valuesBox.appendChild(label);
    });
    valuesBox.hidden = false;
    var empty = Array.prototype.filter.call(valuesBox.querySelectorAll("input"), function (input) { return !input.value; })[0];
    (empty || valuesBox.querySelector("input")).focus();
  }

  if (picker) {
    picker.addEventListener("change", function () {
      var option = picker.options[picker.selectedIndex];
      useTemplate(option && option.value ? option : null);
      if (!option || !option.value) text.value = "";
      requestPreview();
    });
  }

  // How the contact is addressed.
  var formalityForm = document.getElementById("formality-form");
  var formalityStatus = document.getElementById("formality-status");
  formalityForm.elements.formality.addEventListener("change", function () {
    var value = formalityForm.elements.formality.value;
    api("PUT", "/v1/contacts/" + contact + "/formality", { formality: value || null }).then(function (answer) {
      formalityStatus.textContent = answer.ok ? "Saved." : (answer.data.detail || "Not saved.");
      if (answer.ok) requestPreview();
    });
  });

  // The contact's language.
  var languageForm = document.getElementById("language-form");
  var languageStatus = document.getElementById("language-status");
  languageForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var language = languageForm.elements.language.value.trim();
    api("PUT", "/v1/contacts/" + contact + "/language", { language: language }).then(function (answer) {
      languageStatus.textContent = answer.ok ? "Saved." : (answer.data.detail || "Not saved.");
      if (answer.ok) requestPreview();
    });
  });
})();
