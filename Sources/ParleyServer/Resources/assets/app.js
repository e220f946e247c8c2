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

  // Times rendered by the server are UTC; they are shown in the browser's zone, relative to now
  // ("2 min ago", "Yesterday 4:12 PM"), with the exact time in the title.
  function clockTime(date) { return date.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" }); }

  // Calendar days from a date to now, in the browser's zone: 0 today, 1 yesterday.
  function daysAgo(date, now) {
    var day = new Date(date.getFullYear(), date.getMonth(), date.getDate());
    var today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    return Math.round((today - day) / 86400000);
  }

  // "Mon 30 Nov", with the year when it is not this one.
  function dayName(date, now) {
    var text = date.toLocaleDateString("en-US", { weekday: "short" }) + " " + date.getDate() + " " +
      date.toLocaleDateString("en-US", { month: "short" });
    return date.getFullYear() === now.getFullYear() ? text : text + " " + date.getFullYear();
  }

  // A live stream the server stopped resuming (the session ended: signed out, its key revoked,
  // the person deactivated): api() sends the page to sign-in when the session is gone.
  function followSession(source) {
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) api("GET", "/v1/numbers");
    });
  }

  function relativeTime(date, now) {
    var seconds = (now - date) / 1000;
    if (seconds < 45) return "just now";
    if (seconds < 3600) return Math.max(1, Math.round(seconds / 60)) + " min ago";
    var days = daysAgo(date, now);
    if (days === 0) return clockTime(date);
    if (days === 1) return "Yesterday " + clockTime(date);
    if (days < 7) return date.toLocaleDateString("en-US", { weekday: "short" }) + " " + clockTime(date);
    return dayName(date, now);
  }

  function shownTime(iso) {
    var date = new Date(iso);
    return isNaN(date) ? iso : relativeTime(date, new Date());
  }

  // A <time datetime> as the rep reads it: relative, the exact time on hover.
  function showTime(node) {
    var date = new Date(node.getAttribute("datetime"));
    if (isNaN(date)) return;
    node.textContent = relativeTime(date, new Date());
    node.title = date.toLocaleString([], { dateStyle: "full", timeStyle: "short" });
  }

  function showTimes(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("time[datetime]"), showTime);
  }
  showTimes();
  setInterval(function () { showTimes(); }, 30000);

  function timeElement(iso) {
    var node = element("time", null, shownTime(iso));
    node.setAttribute("datetime", iso);
    showTime(node);
    return node;
  }

  // Every event of the rep's inbox, for the list, the leads and the tab title; resumes after the
  // last event the page was rendered with.
  var conversations = document.getElementById("conversations");
  var leadsPage = document.getElementById("leads");
  var threadSection = document.getElementById("thread");
  var page = conversations || leadsPage || threadSection;
  var inboxStream = null;
  if (page && window.EventSource) {
    inboxStream = new EventSource("/v1/events?after=" + encodeURIComponent(page.getAttribute("data-last-event") || ""));
    followSession(inboxStream);
  }
  function onInbox(kinds, listener) {
    if (!inboxStream) return;
    kinds.forEach(function (kind) { inboxStream.addEventListener(kind, listener); });
  }
  function payloadOf(event) {
    try { return JSON.parse(event.data); } catch (e) { return {}; }
  }
  function debounced(action, delay) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(action, delay); };
  }
  var everyKind = ["messageAdded", "messageUpdated", "conversationUpdated", "consentChanged", "leadAdded", "leadPickedUp", "stateChanged"];

  // The tab title counts unread messages across the rep's conversations: "(3) Conversations · Parley".
  var inboxRep = (conversations || threadSection) ? (conversations || threadSection).getAttribute("data-rep") : null;
  var baseTitle = document.title.replace(/^\(\d+\) /, "");
  var contactNames = {};
  var inboxSize = null;
  function refreshInbox() {
    if (!inboxRep) return Promise.resolve();
    return api("GET", "/v1/conversations?limit=200&rep=" + encodeURIComponent(inboxRep)).then(function (answer) {
      if (!answer.ok || !Array.isArray(answer.data)) return;
      var reading = threadSection && document.visibilityState === "visible" ? threadSection.getAttribute("data-conversation") : null;
      var total = 0;
      answer.data.forEach(function (summary) {
        contactNames[summary.conversation.id] = summary.contact.name || summary.contact.phone;
        if (summary.conversation.id !== reading) total += summary.conversation.unreadCount || 0;
      });
      inboxSize = answer.data.length;
      document.title = (total > 0 ? "(" + total + ") " : "") + baseTitle;
    });
  }
  onInbox(everyKind, debounced(refreshInbox, 300));

  // Desktop notifications, once the rep turns them on: a new inbound message, in English, while the
  // page is hidden.
  var notifyButton = document.getElementById("notifications");
  var awaitingEnglish = {};
  function notificationsOn() {
    return !!window.Notification && Notification.permission === "granted" && localStorage.getItem("parley.notifications") !== "off";
  }
  function showNotifyButton() {
    if (!notifyButton) return;
    if (!window.Notification) { notifyButton.hidden = true; return; }
    notifyButton.hidden = false;
    notifyButton.disabled = Notification.permission === "denied";
    // What a click does is what the button says, even if the permission changed meanwhile.
    notifyButton.setAttribute("data-action", notificationsOn() ? "off" : "on");
    notifyButton.textContent = Notification.permission === "denied"
      ? "Notifications are blocked in this browser"
      : (notificationsOn() ? "Turn off notifications" : "Turn on notifications");
  }
  if (notifyButton) {
    showNotifyButton();
    notifyButton.addEventListener("click", function () {
      if (notifyButton.getAttribute("data-action") === "off") {
        localStorage.setItem("parley.notifications", "off");
        showNotifyButton();
        return;
      }
      localStorage.removeItem("parley.notifications");
      Promise.resolve(Notification.requestPermission()).then(showNotifyButton, showNotifyButton);
    });
  }
  function notify(message) {
    if (!notificationsOn() || document.visibilityState === "visible") return;
    var show = function () {
      try {
        var note = new Notification(contactNames[message.conversationID] || "New message", { body: message.shownText, tag: message.id });
        note.onclick = function () { window.focus(); window.location.assign("/conversations/" + message.conversationID); };
      } catch (e) { /* a browser that shows none */ }
    };
    if (contactNames[message.conversationID]) show(); else refreshInbox().then(show);
  }
  onInbox(["messageAdded", "messageUpdated"], function (event) {
    var message = payloadOf(event).message;
    if (!message || message.direction !== "inbound") return;
    // Told once, in English: a message still being translated waits for its translation.
    if (event.type === "messageAdded" && message.translationStatus === "pending") { awaitingEnglish[message.id] = true; return; }
    if (event.type === "messageUpdated" && !awaitingEnglish[message.id]) return;
    if (message.translationStatus === "pending") return;
    delete awaitingEnglish[message.id];
    notify(message);
  });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") refreshInbox(); });

  // The conversation list: refreshed from the API when any of the rep's conversations changes,
  // searched by name or phone, and filtered to the open, done or all conversations.
  if (conversations) {
    var rep = conversations.getAttribute("data-rep");
    var rows = document.getElementById("conversation-list");
    var empty = document.getElementById("no-conversations");
    var filter = document.getElementById("conversation-filter");
    var languageNames = {};
    try { languageNames = JSON.parse(conversations.getAttribute("data-language-names") || "{}"); } catch (e) { languageNames = {}; }

    var row = function (summary) {
      var unread = summary.conversation.unreadCount || 0;
      var done = summary.conversation.state === "done";
      var item = element("li", "conversation" + (unread > 0 ? " unread" : "") + (done ? " done" : ""));
      item.setAttribute("data-id", summary.conversation.id);
      var link = element("a");
      link.setAttribute("href", "/conversations/" + summary.conversation.id);
      link.appendChild(element("span", "contact", summary.contact.name || summary.contact.phone));
      var tag = summary.contact.preferredLanguage;
      link.appendChild(element("span", "language", tag ? (languageNames[tag] || tag) : "language not set"));
      if (summary.contact.consent && summary.contact.consent.state === "optedOut") {
        link.appendChild(element("span", "consent", "opted out"));
      }
      if (done) link.appendChild(element("span", "state", "done"));
      if (unread > 0) {
        var badge = element("span", "badge", String(unread));
        badge.setAttribute("title", "unread messages");
        link.appendChild(badge);
      }
      link.appendChild(timeElement(summary.conversation.activityAt || summary.conversation.lastMessageAt || summary.conversation.createdAt));
      link.appendChild(element("span", "snippet", summary.lastMessage ? summary.lastMessage.shownText : ""));
      item.appendChild(link);
      return item;
    };

    var shownState = function () {
      var checked = filter.querySelector('input[name="state"]:checked');
      return checked ? checked.value : "open";
    };
    var search = function () { return filter.elements.q.value.trim(); };
    var emptyText = function () {
      if (inboxSize === 0) return "No conversations yet — start one with New conversation.";
      if (search()) return "No conversations match “" + search() + "”.";
      return shownState() === "done" ? "No conversations are done yet." : "Nothing open — every conversation is done.";
    };

    var listTicket = 0;
    var reload = function () {
      var ticket = ++listTicket;
      var url = "/v1/conversations?limit=200&rep=" + encodeURIComponent(rep) + "&state=" + encodeURIComponent(shownState());
      if (search()) url += "&q=" + encodeURIComponent(search());
      Promise.all([api("GET", url), refreshInbox()]).then(function (results) {
        var answer = results[0];
        if (ticket !== listTicket || !answer.ok || !Array.isArray(answer.data)) return;
        rows.textContent = "";
        answer.data.forEach(function (summary) { rows.appendChild(row(summary)); });
        empty.textContent = emptyText();
        empty.hidden = answer.data.length > 0;
        rows.hidden = answer.data.length === 0;
      });
    };

    // The filter answers as the rep types or picks, and the address keeps it for a reload.
    var filterChanged = function () {
      var params = new URLSearchParams(window.location.search);
      params.set("state", shownState());
      if (search()) params.set("q", search()); else params.delete("q");
      window.history.replaceState(null, "", "/conversations?" + params.toString());
      reload();
    };
    var filterButton = filter.querySelector(".filter-submit");
    if (filterButton) filterButton.hidden = true;
    filter.addEventListener("submit", function (event) { event.preventDefault(); filterChanged(); });
    filter.elements.q.addEventListener("input", debounced(filterChanged, 250));
    Array.prototype.forEach.call(filter.querySelectorAll('input[name="state"]'), function (input) {
      input.addEventListener("change", filterChanged);
    });
    onInbox(everyKind, debounced(reload, 300));
    refreshInbox();
  }

  // The leads page follows new leads and pick-ups live: it reads itself again and swaps its lists.
  if (leadsPage) {
    var refreshLeads = function () {
      fetch("/leads", { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (response) {
        if (response.status === 401) { window.location.assign("/sign-in"); return null; }
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("lead-lists");
        var current = document.getElementById("lead-lists");
        if (!fresh || !current) return;
        var adopted = document.importNode(fresh, true);
        current.parentNode.replaceChild(adopted, current);
        showTimes(adopted);
      });
    };
    onInbox(["leadAdded", "leadPickedUp", "messageAdded", "messageUpdated"], debounced(refreshLeads, 300));
  }

  var thread = document.getElementById("thread");
  if (!thread) return;
  var conversation = thread.getAttribute("data-conversation");
  var contact = thread.getAttribute("data-contact");
  var list = document.getElementById("messages");
  var noMessages = document.getElementById("no-messages");

  // Who sent each reply, by name.
  var repNames = {};
  Array.prototype.forEach.call(document.querySelectorAll("#rep-names li"), function (item) {
    repNames[item.getAttribute("data-id")] = item.textContent;
  });

  // A divider before each day's first message: "Today", "Yesterday", "Mon 30 Nov".
  function divideDays() {
    Array.prototype.forEach.call(list.querySelectorAll("li.day-divider"), function (node) { list.removeChild(node); });
    var now = new Date();
    var previous = null;
    Array.prototype.forEach.call(list.querySelectorAll("li.message"), function (item) {
      var stamp = item.querySelector(".meta time[datetime]");
      var date = stamp ? new Date(stamp.getAttribute("datetime")) : null;
      if (!date || isNaN(date)) return;
      var key = date.getFullYear() + "-" + date.getMonth() + "-" + date.getDate();
      if (key === previous) return;
      previous = key;
      var days = daysAgo(date, now);
      var divider = element("li", "day-divider");
      divider.setAttribute("role", "separator");
      divider.appendChild(element("span", null, days === 0 ? "Today" : days === 1 ? "Yesterday" : dayName(date, now)));
      list.insertBefore(divider, item);
    });
  }
  divideDays();

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
      var why = message.translationError || "see the original";
      item.appendChild(element("p", "note", notes[status] + why + (/[.!?]$/.test(why) ? "" : ".")));
    }
    if (inbound && message.provenance && Array.isArray(message.provenance.warnings)) {
      // Each warning has its kind, for code, and its text, for the rep.
      message.provenance.warnings.forEach(function (warning) {
        item.appendChild(element("p", "note warning", warning.text));
      });
    }
    var metaLine = element("p", "meta");
    if (!inbound && message.sentBy && repNames[message.sentBy]) {
      metaLine.appendChild(element("span", "sender", repNames[message.sentBy]));
      metaLine.appendChild(document.createTextNode(" · "));
    }
    metaLine.appendChild(timeElement(message.createdAt));
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
      if (noMessages) noMessages.hidden = true;
      divideDays();
      toNewest();
    }
  }

  // The newest messages sit just above the compose box, which sticks to the bottom of the
  // window: at the page's end it is in its own place and covers no message.
  function toNewest() { window.scrollTo(0, document.documentElement.scrollHeight); }
  toNewest();

  function markRead() { api("POST", "/v1/conversations/" + conversation + "/read").then(refreshInbox); }
  markRead();
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") markRead(); });

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
    // Marked done here or elsewhere, or opened again by the contact's new message.
    source.addEventListener("stateChanged", function (event) {
      var payload = payloadOf(event);
      if (payload.conversation) showState(payload.conversation.state);
    });
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
    // Nothing can be sent while the contact is opted out, or may have and nobody settled it.
    sendBlocked = !!view.optOutNotice;
    sendButton.disabled = sendBlocked;
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
  var sendButton = form.querySelector('button[type="submit"]');
  var sendBlocked = sendButton.disabled;
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
    if (!body || sendBlocked) return;
    var button = sendButton;
    button.disabled = true;
    // Send what the rep saw when the preview is of this very text; a doubtful one only once
    // the rep ticked that they read why.
    if (previewed && previewed.body === JSON.stringify(body)) {
      if (previewed.needsConfirmation && !confirmDoubts.checked) {
        button.disabled = sendBlocked;
        showError("Read why this translation may be wrong, tick the box to send it anyway, or reword your message.");
        confirmDoubts.focus();
        return;
      }
      body.previewToken = previewed.token;
      if (previewed.needsConfirmation) body.confirmed = true;
    }
    api("POST", "/v1/conversations/" + conversation + "/messages", body).then(function (answer) {
      button.disabled = sendBlocked;
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
    }).catch(function () { button.disabled = sendBlocked; showError("Not sent: is the service reachable?"); });
  });

  // Ctrl+Enter (Cmd+Enter on a Mac) sends, from the reply or a template's values.
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    if (!sendButton.disabled) form.requestSubmit(sendButton);
  });

  var picker = document.getElementById("template");

  // A template without variables is only a start: its text can be edited and goes as text.
  // A template with variables asks for each in a field labelled in words ("First name", with
  // {{first_name}} as a hint), filled in already where the thread knows the value.
  function useTemplate(option) {
    chosenTemplate = null;
    text.readOnly = false;
    if (valuesBox) { valuesBox.textContent = ""; valuesBox.hidden = true; }
    if (!option || !option.value) {
      if (picker) picker.value = "";
      return;
    }
    text.value = option.getAttribute("data-text") || "";
    // Each variable with its label and what the thread knows for it, as the server gives them
    // (TemplateVariable: one rule for the templates page and compose).
    var variables = [];
    try { variables = JSON.parse(option.getAttribute("data-fields") || "[]"); } catch (e) { variables = []; }
    if (variables.length === 0) return;
    chosenTemplate = option.value;
    text.readOnly = true;
    variables.forEach(function (field) {
      var label = element("label", "template-value");
      var title = element("span", null, String(field.label) + " ");
      title.appendChild(element("span", "hint", "{{" + field.name + "}}"));
      label.appendChild(title);
      var input = element("input");
      input.name = String(field.name);
      input.required = true;
      input.autocomplete = "off";
      input.value = field.value ? String(field.value) : "";
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

  // The contact's language, chosen by name among those the engine translates into.
  var languageForm = document.getElementById("language-form");
  var languageStatus = document.getElementById("language-status");
  var languageSelect = languageForm.elements.language;
  var savedLanguage = languageSelect.value;
  languageForm.addEventListener("submit", function (event) { event.preventDefault(); });
  languageSelect.addEventListener("change", function () {
    var language = languageSelect.value;
    if (!language) return;
    api("PUT", "/v1/contacts/" + contact + "/language", { language: language }).then(function (answer) {
      languageStatus.textContent = answer.ok ? "Saved." : (answer.data.detail || "Not saved.");
      if (answer.ok) { savedLanguage = language; requestPreview(); } else { languageSelect.value = savedLanguage; }
    });
  });

  // Open or done: done leaves the rep's open list until the contact writes again.
  var stateButton = document.getElementById("conversation-state");
  var stateStatus = document.getElementById("state-status");
  var currentState = thread.getAttribute("data-state") || "open";
  function showState(state) {
    currentState = state;
    thread.setAttribute("data-state", state);
    if (stateButton) stateButton.textContent = state === "done" ? "Reopen" : "Mark done";
    stateStatus.textContent = state === "done" ? "Done." : "";
  }
  // Only the rep whose inbox it is marks it done (an admin reading another rep's thread has no button).
  if (stateButton) stateButton.addEventListener("click", function () {
    var wanted = currentState === "done" ? "open" : "done";
    stateButton.disabled = true;
    api("PUT", "/v1/conversations/" + conversation + "/state", { state: wanted }).then(function (answer) {
      stateButton.disabled = false;
      if (answer.ok) showState(answer.data.state); else stateStatus.textContent = answer.data.detail || "Not saved.";
    }).catch(function () { stateButton.disabled = false; stateStatus.textContent = "Not saved: is the service reachable?"; });
  });

  // The rep starts typing at once.
  text.focus({ preventScroll: true });
})();
