// Web chat for the guideline assistant: talks to Rasa's socket.io channel.
//
// Safety rules (the page's Content-Security-Policy forbids inline script as a second line):
//   * user text and button titles are only ever inserted with textContent;
//   * bot text is Markdown, rendered by markdown-it with raw HTML off, then sanitised by
//     DOMPurify (allow-list below) and inserted as a DOM fragment;
//   * links open in a new tab with rel="noopener noreferrer"; no inline event handlers.
//
// Persistence: the socket.io session id (Rasa's conversation id when the channel has
// session_persistence) and the transcript are kept in localStorage, so a reload continues
// the same conversation. "Nieuw gesprek" forgets both.
//
// Access: before every (re)connection the page asks the assistant for a token (GET token,
// next to this page). 200 {token, expires_in}: the token goes in socket.io's `auth` and is
// reused until shortly before it expires (kept in memory only); 204: the assistant takes no
// tokens, connect without (as after a 404: no token address). A connection the server refuses (no, a wrong or an expired
// token) ends in a Dutch message instead of an endless "Verbinden…".
(function () {
  "use strict";

  var STORE_SESSION = "jeugdhulp-webchat:session";
  var STORE_TRANSCRIPT = "jeugdhulp-webchat:transcript";
  var MAX_ENTRIES = 300;
  var TYPING_TIMEOUT_MS = 30000;

  var TEXT = {
    connecting: "Verbinden met de assistent…",
    connected: "Verbonden. Stel je vraag.",
    offline: "Geen verbinding met de assistent; ik probeer het opnieuw…",
    notSent: "Je bericht is niet verstuurd: er is geen verbinding met de assistent. Probeer het zo opnieuw.",
    noAnswer: "De assistent antwoordt niet. Probeer het opnieuw of start een nieuw gesprek.",
    assetsMissing: "De chat kon niet laden: er ontbreken bestanden. Vraag de beheerder om `make setup` uit te voeren.",
    refused: "De assistent weigert de verbinding: je toegang is niet (meer) geldig. Ververs de pagina om het opnieuw te proberen. Lukt het dan nog niet, neem contact op met de beheerder.",
    notSignedIn: "De assistent weigert de verbinding: je bent niet aangemeld of je aanmelding is verlopen. Ververs de pagina en meld je opnieuw aan.",
    you: "Jij:",
    assistant: "Assistent:",
    quickReplies: "Kies een antwoord",
    attachment: "Bijlage openen",
  };

  var els = {
    status: document.getElementById("status"),
    transcript: document.getElementById("transcript"),
    typing: document.getElementById("typing"),
    form: document.getElementById("composer"),
    input: document.getElementById("message"),
    send: document.getElementById("send"),
    newChat: document.getElementById("new-chat"),
    welcome: document.getElementById("welcome"),
  };

  function setStatus(state, text) {
    els.status.setAttribute("data-state", state);
    els.status.textContent = text;
  }

  if (typeof window.io !== "function" || typeof window.markdownit !== "function" ||
      !window.DOMPurify || !window.DOMPurify.isSupported) {
    setStatus("error", TEXT.assetsMissing);
    els.input.disabled = true;
    return;
  }

  // --- storage ----------------------------------------------------------------------------
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (e) { /* private mode or full: the chat works, it just is not kept */ }
  }

  function cleanButtons(list) {
    if (!Array.isArray(list)) return [];
    return list.filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string" && b.payload;
    }).map(function (b) { return { title: b.title, payload: b.payload }; });
  }

  function cleanEntry(e) {
    if (!e || (e.from !== "user" && e.from !== "bot")) return null;
    var entry = { from: e.from, text: typeof e.text === "string" ? e.text : "",
                  buttons: e.from === "bot" ? cleanButtons(e.buttons) : [] };
    if (typeof e.attachment === "string" && /^https?:\/\//i.test(e.attachment)) {
      entry.attachment = e.attachment;
    }
    return entry;
  }

  function loadTranscript() {
    try {
      var data = JSON.parse(load(STORE_TRANSCRIPT) || "[]");
      return Array.isArray(data) ? data.map(cleanEntry).filter(Boolean) : [];
    } catch (e) {
      return [];
    }
  }

  var transcript = loadTranscript();
  var sessionId = load(STORE_SESSION);
  var connected = false;

  function saveTranscript() {
    if (transcript.length > MAX_ENTRIES) transcript = transcript.slice(-MAX_ENTRIES);
    store(STORE_TRANSCRIPT, JSON.stringify(transcript));
  }

  // --- rendering --------------------------------------------------------------------------
  var md = window.markdownit({ html: false, linkify: true, breaks: true, typographer: false });
  var PURIFY = {
    ALLOWED_TAGS: ["p", "br", "strong", "em", "b", "i", "s", "del", "ul", "ol", "li", "a",
                   "code", "pre", "blockquote", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
                   "table", "thead", "tbody", "tr", "th", "td"],
    ALLOWED_ATTR: ["href", "title", "start"],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:)/i,
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  };
  window.DOMPurify.addHook("afterSanitizeAttributes", function (node) {
    if (node.tagName === "A") {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });

  function renderMarkdown(text) {
    return window.DOMPurify.sanitize(md.render(text), PURIFY);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var botBubble = null;  // the bubble that collects consecutive bot messages

  function bubble(from) {
    var node = element("div", "msg msg--" + from);
    node.appendChild(element("span", "visually-hidden", from === "user" ? TEXT.you : TEXT.assistant));
    var body = element("div", "msg__body");
    node.appendChild(body);
    els.transcript.appendChild(node);
    return body;
  }

  function renderEntry(entry, index) {
    if (entry.from === "user") {
      botBubble = null;
      bubble("user").appendChild(element("p", "msg__text", entry.text));
      return;
    }
    if (!botBubble) botBubble = bubble("bot");
    var part = element("div", "msg__part");
    if (entry.text) part.appendChild(renderMarkdown(entry.text));
    if (entry.attachment) {
      var link = element("a", "msg__attachment", TEXT.attachment);
      link.href = entry.attachment;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      part.appendChild(link);
    }
    if (entry.buttons.length) {
      var group = element("div", "quick-replies");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", TEXT.quickReplies);
      group.setAttribute("data-entry", String(index));
      entry.buttons.forEach(function (b) {
        var button = element("button", "quick-reply", b.title);
        button.type = "button";
        button.addEventListener("click", function () { chooseQuickReply(button, b); });
        group.appendChild(button);
      });
      part.appendChild(group);
    }
    botBubble.appendChild(part);
  }

  // Only the newest set of buttons after the user's last message can be used.
  function updateQuickReplies() {
    var lastUser = -1;
    var lastButtons = -1;
    transcript.forEach(function (e, i) {
      if (e.from === "user") lastUser = i;
      else if (e.buttons.length) lastButtons = i;
    });
    var active = lastButtons > lastUser ? lastButtons : -1;
    var groups = els.transcript.querySelectorAll(".quick-replies");
    Array.prototype.forEach.call(groups, function (group) {
      var isActive = Number(group.getAttribute("data-entry")) === active;
      group.classList.toggle("quick-replies--old", !isActive);
      Array.prototype.forEach.call(group.querySelectorAll("button"), function (button) {
        button.disabled = !isActive || !connected;
      });
    });
  }

  // The welcome with starter buttons, shown while the conversation is empty (not part of
  // the transcript: our own words, not the assistant's answers).
  function updateWelcome() {
    if (!els.welcome) return;
    els.welcome.hidden = transcript.length > 0;
    Array.prototype.forEach.call(els.welcome.querySelectorAll("button"), function (button) {
      button.disabled = !connected;
    });
  }
  if (els.welcome) {
    Array.prototype.forEach.call(els.welcome.querySelectorAll("button"), function (button) {
      button.addEventListener("click", function () {
        if (button.disabled) return;
        if (send(button.getAttribute("data-payload"), button.textContent)) els.input.focus();
      });
    });
  }

  function scrollToEnd() {
    els.transcript.scrollTop = els.transcript.scrollHeight;
  }

  function renderAll() {
    els.transcript.replaceChildren();
    botBubble = null;
    transcript.forEach(renderEntry);
    updateQuickReplies();
    updateWelcome();
    scrollToEnd();
  }

  function addEntry(entry) {
    transcript.push(entry);
    var index = transcript.length - 1;
    saveTranscript();
    if (transcript.length !== index + 1) {
      renderAll();  // trimmed: indices changed
    } else {
      renderEntry(entry, index);
      updateQuickReplies();
      updateWelcome();
      scrollToEnd();
    }
  }

  var typingTimer = null;
  function showTyping(on) {
    els.typing.hidden = !on;
    window.clearTimeout(typingTimer);
    if (on) {
      typingTimer = window.setTimeout(function () {
        els.typing.hidden = true;
        setStatus(connected ? "connected" : "offline", connected ? TEXT.noAnswer : TEXT.offline);
      }, TYPING_TIMEOUT_MS);
    }
  }

  // --- access token -----------------------------------------------------------------------
  var TOKEN_URL = document.body.getAttribute("data-token-url") || "token";
  var token = { value: null, renewAt: 0, fromCache: false, retried: false };
  var tokenProblem = null;  // "login" when the token address asked for a login

  function forgetToken() {
    token.value = null;
    token.renewAt = 0;
  }

  // socket.io calls this before every (re)connection; `done` gets the `auth` payload.
  function withToken(done) {
    if (token.value && Date.now() < token.renewAt) {
      token.fromCache = true;
      done({ token: token.value });
      return;
    }
    token.fromCache = false;
    forgetToken();
    window.fetch(TOKEN_URL, {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
    }).then(function (reply) {
      if (reply.status === 204 || reply.status === 404) {  // the assistant takes no tokens
        tokenProblem = null;
        return null;
      }
      if (reply.status === 401 || reply.status === 403) {
        tokenProblem = "login";
        return null;
      }
      if (!reply.ok) {
        tokenProblem = null;
        return null;
      }
      return reply.json().then(function (data) {
        if (!data || typeof data.token !== "string" || !data.token) throw new Error("no token");
        var lifetime = Math.max(0, Number(data.expires_in) || 0) * 1000;
        token.value = data.token;
        // Renew a little before it expires: a fifth of its lifetime, at most 30 s early.
        token.renewAt = Date.now() + lifetime - Math.min(30000, lifetime / 5);
        tokenProblem = null;
        return data.token;
      }).catch(function () {
        tokenProblem = "login";  // e.g. a login page instead of the token
        return null;
      });
    }, function () {
      tokenProblem = null;  // no network: socket.io reports it and tries again
      return null;
    }).then(function (value) {
      done(value ? { token: value } : {});
    });
  }

  // --- connection -------------------------------------------------------------------------
  var socket = window.io({
    path: document.body.getAttribute("data-socketio-path") || "/socket.io",
    reconnectionDelayMax: 5000,
    auth: withToken,
  });

  function setConnected(on) {
    connected = on;
    els.send.disabled = !on;
    updateQuickReplies();
    updateWelcome();
  }

  socket.on("connect", function () {
    setStatus("connecting", TEXT.connecting);
    socket.emit("session_request", { session_id: sessionId || null });
  });

  socket.on("session_confirm", function (data) {
    var id = typeof data === "string" ? data : data && data.session_id;
    if (typeof id !== "string" || !id) return;
    token.retried = false;
    sessionId = id;
    store(STORE_SESSION, id);
    setConnected(true);
    setStatus("connected", TEXT.connected);
  });

  socket.on("bot_uttered", function (message) {
    if (!message || typeof message !== "object") return;
    var entry = cleanEntry({
      from: "bot",
      text: message.text,
      buttons: message.quick_replies || message.buttons,
      attachment: message.attachment && message.attachment.payload &&
                  message.attachment.payload.src,
    });
    if (!entry.text && !entry.buttons.length && !entry.attachment) return;
    showTyping(false);
    if (els.status.getAttribute("data-state") === "connected") setStatus("connected", TEXT.connected);
    addEntry(entry);
  });

  function offline(reason) {
    if (reason === "io client disconnect") return;  // "Nieuw gesprek" reconnects itself
    setConnected(false);
    showTyping(false);
    setStatus("offline", TEXT.offline);
  }
  socket.on("disconnect", offline);

  // The server refused the connection (socket.io does not try again by itself then): the
  // token was missing, wrong or expired. A token from the cache gets one more try with a
  // fresh one (the key may have changed); otherwise the user is told.
  function refused() {
    var retry = token.fromCache && !token.retried;
    forgetToken();
    if (retry) {
      token.retried = true;
      socket.connect();
      return;
    }
    setConnected(false);
    showTyping(false);
    setStatus("refused", tokenProblem === "login" ? TEXT.notSignedIn : TEXT.refused);
  }

  socket.on("connect_error", function () {
    if (!socket.active) refused();
    else offline("connect_error");
  });

  // --- sending ----------------------------------------------------------------------------
  function send(payload, shown) {
    if (!connected || !sessionId) {
      setStatus("offline", TEXT.notSent);
      return false;
    }
    socket.emit("user_uttered", { message: payload, session_id: sessionId });
    addEntry({ from: "user", text: shown, buttons: [] });
    showTyping(true);
    return true;
  }

  function chooseQuickReply(button, choice) {
    if (button.disabled) return;
    if (send(choice.payload, choice.title)) {
      els.input.focus();
    }
  }

  els.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = els.input.value.trim();
    if (!text) return;
    if (send(text, text)) els.input.value = "";
    els.input.focus();
  });

  els.newChat.addEventListener("click", function () {
    transcript = [];
    store(STORE_TRANSCRIPT, null);
    sessionId = null;
    store(STORE_SESSION, null);
    showTyping(false);
    renderAll();
    setConnected(false);
    setStatus("connecting", TEXT.connecting);
    // A new socket id leaves the old conversation's room; session_request then starts a
    // new conversation (no session_id).
    socket.disconnect();
    socket.connect();
    els.input.value = "";
    els.input.focus();
  });

  renderAll();
  els.input.focus();
})();
