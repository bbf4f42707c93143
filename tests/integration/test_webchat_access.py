"""Who may use the assistant from a browser, on a real Rasa server started the way
`make run` starts it (bot/scripts/run.sh) with ``SOCKETIO_JWT_KEY`` and ``ALLOWED_ORIGINS``:

* the web chat's token address (``GET /chat/token``): a token Rasa's socket.io channel
  takes, signed with the key, valid 5 minutes, never cached;
* socket.io with a token from that address is answered; without one, with one signed with
  another key, with an expired one or with something that is no token, it is refused;
* CORS: an origin of ``ALLOWED_ORIGINS`` gets exactly one ``Access-Control-Allow-Origin``
  (REST, its preflight, the token address, socket.io), any other origin none, and a
  socket.io client on a foreign site is refused even with a valid token;
* run.sh refuses an ``ALLOWED_ORIGINS`` entry that is no origin (exit code 2, in Dutch);
* in Chromium (the helpers of test_webchat_browser.py): the page fetches a token and a
  question is answered; after the token expired a reconnection fetches a new one, before
  that it reuses it; without a token, with a wrong or an expired one, or when the token
  address asks for a login, the connection is refused and the page says so in Dutch;
  a page on a listed origin may call the REST channel and socket.io across origins, a page
  on another origin may not.

The refused tokens are handed to the real page by replacing what ``fetch("token")``
returns (a script the browser runs before the page's own, through the DevTools protocol),
or by blocking the address in the browser: the page, the browser and the server are the
real ones.
"""
from __future__ import annotations

import json
import shutil
import threading
import time
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List

import jwt
import pytest
import requests

from tests.conftest import MODEL, free_port, stop_servers
from tests.integration.test_webchat_browser import (
    ask,
    browser,  # noqa: F401  (a fixture: Chromium through chromedriver)
    transcript,
    wait_connected,
    wait_for,
)
from tests.integration.test_webchat_http import (
    FOREIGN,
    FOREIGN_REFUSED,
    SOCKETIO_HANDSHAKE,
    cors_origins,
    fetch,
    rest_message,
    socketio_client,
)
from tests.support.prelaunch import plan_servers, take_servers
from tests.support.servers import launch_servers

KEY = "test-webchat-socketio-key-0123456789abcdef"
INTRANET = "https://intranet.example.nl"
TOKEN_SECONDS = 300
REFUSED = ("De assistent weigert de verbinding: je toegang is niet (meer) geldig. Ververs de "
           "pagina om het opnieuw te proberen. Lukt het dan nog niet, neem contact op met de "
           "beheerder.")
NOT_SIGNED_IN = ("De assistent weigert de verbinding: je bent niet aangemeld of je aanmelding "
                 "is verlopen. Ververs de pagina en meld je opnieuw aan.")


def _launch_keyed(tmp_path_factory, kb_url):
    """Starts Rasa + actions with SOCKETIO_JWT_KEY and ALLOWED_ORIGINS (the intranet and
    http://localhost:<port>, the same server under another name, for the browser), on a
    private copy of the model; does not wait."""
    tmp = tmp_path_factory.mktemp("webchat-access")
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run the tests through `make test`.")
    model = tmp / "model.tar.gz"
    shutil.copy2(MODEL, model)
    port = free_port()
    return launch_servers(tmp, {
        "DATABASE_URL": kb_url, "MODEL": str(model), "SOCKETIO_JWT_KEY": KEY,
        # space and comma, a trailing slash and upper case: written as people write them
        "ALLOWED_ORIGINS": f"{INTRANET.upper()}/, http://localhost:{port}",
    }, rasa_port=port)


def prelaunch(pool, items, request):
    """The keyed servers are started ahead (tests/support/prelaunch.py)."""
    plan_servers(pool, items, request, "keyed", "webchat-access-keyed", _launch_keyed)


@pytest.fixture(scope="module")
def keyed(tmp_path_factory, kb_url, prelaunched):
    """Rasa + actions with SOCKETIO_JWT_KEY and ALLOWED_ORIGINS (:func:`_launch_keyed`)."""
    servers = take_servers(prelaunched, "webchat-access-keyed", _launch_keyed,
                           tmp_path_factory, kb_url)
    yield servers
    stop_servers(servers)


def token_of(servers) -> Dict[str, Any]:
    r = requests.get(f"{servers.url}/chat/token", timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def signed(claims: Dict[str, Any], key: str = KEY) -> str:
    return jwt.encode(claims, key, algorithm="HS256")


def expired_token() -> str:
    return signed({"exp": int(time.time()) - 5, "scope": "webchat"})


def wrong_key_token() -> str:
    return signed({"exp": int(time.time()) + 300, "scope": "webchat"},
                  "another-key-that-is-not-the-servers-0123")


# ----------------------------------------------------------------------------- HTTP

@pytest.mark.server
def test_the_token_address(keyed):
    before = int(time.time())
    r = fetch(keyed.rasa_port, "/chat/token")
    after = int(time.time())
    assert r.status == 200
    assert r.headers.get_all("Content-Type") == ["application/json"]
    assert r.headers.get_all("Cache-Control") == ["no-store"]
    assert r.headers.get_all("X-Content-Type-Options") == ["nosniff"]
    data = json.loads(r.body)
    assert set(data) == {"token", "expires_in"} and data["expires_in"] == TOKEN_SECONDS
    header = jwt.get_unverified_header(data["token"])
    assert header["alg"] == "HS256"
    claims = jwt.decode(data["token"], KEY, algorithms=["HS256"])
    assert set(claims) == {"exp", "jti", "scope"} and claims["scope"] == "webchat"
    assert before + TOKEN_SECONDS <= claims["exp"] <= after + TOKEN_SECONDS
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(data["token"], "not-the-key-0123456789abcdef0123", algorithms=["HS256"])
    other = token_of(keyed)["token"]
    assert other != data["token"]  # a new one every time (jti)
    assert jwt.decode(other, KEY, algorithms=["HS256"])["jti"] != claims["jti"]
    for method in ("POST", "PUT", "DELETE"):
        assert fetch(keyed.rasa_port, "/chat/token", method).status == 405, method


@pytest.mark.server
def test_socketio_with_a_token_of_the_page_is_answered(keyed):
    client = socketio_client(keyed.url, None, "websocket", token_of(keyed)["token"])
    answers: List[dict] = []
    answered = threading.Event()

    def uttered(data) -> None:
        answers.append(data)
        answered.set()

    client.on("bot_uttered", uttered)
    try:
        session = "access-token-1"
        client.emit("session_request", {"session_id": session})
        time.sleep(0.5)  # the room is joined before the message is sent
        client.emit("user_uttered", {"message": "MST-CAN?", "session_id": session})
        assert answered.wait(120), "no answer"
    finally:
        client.disconnect()
    assert "MST-CAN" in answers[0].get("text", ""), answers


@pytest.mark.server
@pytest.mark.parametrize("transport", ["websocket", "polling"])
@pytest.mark.parametrize("token", ["none", "wrong key", "expired", "no jwt"])
def test_socketio_without_a_valid_token_is_refused(keyed, transport, token):
    import socketio

    value = {"none": None, "wrong key": wrong_key_token(), "expired": expired_token(),
             "no jwt": "not-a-jwt"}[token]
    with pytest.raises(socketio.exceptions.ConnectionError):
        socketio_client(keyed.url, None, transport, value).disconnect()


@pytest.mark.server
def test_cors_for_a_listed_origin_only(keyed):
    port = keyed.rasa_port
    for origin, allowed in ((INTRANET, True), (f"http://localhost:{port}", True),
                            (FOREIGN, False), ("http://intranet.example.nl", False),
                            (f"{INTRANET}.evil.example", False),
                            ("https://evil-intranet.example.nl", False)):
        expected = [origin] if allowed else []
        preflight = {"Origin": origin, "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "content-type"}
        checks = {
            "REST": fetch(port, "/webhooks/rest/webhook", "POST", body=rest_message("cors"),
                          headers={"Origin": origin, "Content-Type": "application/json"}),
            "REST preflight": fetch(port, "/webhooks/rest/webhook", "OPTIONS",
                                    headers=preflight),
            "token": fetch(port, "/chat/token", headers={"Origin": origin}),
            "socket.io": fetch(port, SOCKETIO_HANDSHAKE, headers={"Origin": origin}),
        }
        for what, r in checks.items():
            # exactly one header: a browser refuses a response with two
            assert cors_origins(r) == expected, (origin, what, cors_origins(r))
        assert checks["REST"].status == 200
        if allowed:
            assert checks["socket.io"].status == 200 and checks["socket.io"].body.startswith(b"0{")
        else:
            assert checks["socket.io"].status == 403
            assert checks["socket.io"].body.decode("utf-8") == FOREIGN_REFUSED


@pytest.mark.server
@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_socketio_from_a_foreign_site_is_refused_even_with_a_token(keyed, transport):
    import socketio

    with pytest.raises(socketio.exceptions.ConnectionError):
        socketio_client(keyed.url, FOREIGN, transport, token_of(keyed)["token"]).disconnect()
    socketio_client(keyed.url, INTRANET, transport, token_of(keyed)["token"]).disconnect()


def test_allowed_origins_are_read_as_a_browser_writes_them():
    """No server: how an ALLOWED_ORIGINS value is read, and what Rasa's --cors gets."""
    import re

    from jeugdhulp.server import origins

    assert origins.parse("HTTPS://Intranet.Example.nl/, http://localhost:8080\n"
                         " https://a.example:443,,http://b.example:80 https://intranet.example.nl") \
        == ["https://intranet.example.nl", "http://localhost:8080", "https://a.example",
            "http://b.example"]
    assert origins.parse("") == origins.parse(None) == origins.parse(" , ") == []
    # An IPv6 origin goes to Sanic-CORS as an anchored expression that matches only itself.
    [pattern] = origins.cors_arguments(["http://[::1]:5005"])
    assert re.match(pattern, "http://[::1]:5005", re.I)
    assert not re.match(pattern, "http://[::1]:5005.evil.example", re.I)
    assert not re.match(pattern, "http://1:5005", re.I)
    assert origins.cors_arguments(["https://a.example"]) == ["https://a.example"]


@pytest.mark.parametrize("value", ["*", "https://intranet.example.nl/chat", "intranet.example.nl",
                                   "https://a.example, ftp://b.example"])
def test_run_sh_refuses_an_allowed_origin_that_is_no_origin(tmp_path, value):
    servers = launch_servers(tmp_path, {"ALLOWED_ORIGINS": value})
    try:
        assert servers.process.wait(timeout=120) == 2
    finally:
        stop_servers(servers)
    log = servers.log.read_text(encoding="utf-8", errors="replace")
    assert "ALLOWED_ORIGINS: '" in log and "is geen origin" in log, log[-2000:]
    assert "Starting the Rasa server" not in log


# ----------------------------------------------------------------------------- Chromium

FETCH_SUBSTITUTE = """
(() => {
  const how = %s;
  const realFetch = window.fetch.bind(window);
  window.__tokenFetches = 0;
  window.fetch = function (resource, options) {
    const url = new URL(String(resource), location.href);
    if (url.pathname !== '/chat/token') return realFetch(resource, options);
    window.__tokenFetches += 1;
    if (how.status) {
      return Promise.resolve(new Response(how.status === 204 ? null : how.body || '', {
        status: how.status, headers: {'Content-Type': how.type || 'text/plain'}}));
    }
    return realFetch(resource, options).then(r => r.json()).then(data => new Response(
      JSON.stringify({token: how.token || data.token,
                      expires_in: how.expires_in === undefined ? data.expires_in
                                                               : how.expires_in}),
      {status: 200, headers: {'Content-Type': 'application/json'}}));
  };
})();
"""


@contextmanager
def token_fetch(driver, **how: Any) -> Iterator[None]:
    """Every page loaded meanwhile gets ``how`` from ``fetch("token")``: a status (and
    body), or the server's token with another token or expires_in; and counts the calls in
    ``window.__tokenFetches``."""
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": FETCH_SUBSTITUTE % json.dumps(how)})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                               {"identifier": script["identifier"]})


@contextmanager
def token_address_blocked(driver) -> Iterator[None]:
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/chat/token*"]})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        driver.execute_cdp_cmd("Network.disable", {})


def open_chat(driver, servers) -> None:
    """The chat page, with a new conversation (nothing of an earlier test)."""
    driver.get(f"{servers.url}/chat/")
    driver.execute_script("localStorage.clear()")
    driver.refresh()


def status(driver) -> Dict[str, str]:
    return driver.execute_script(
        "const s = document.getElementById('status');"
        "return {state: s.dataset.state, text: s.textContent};")


def token_requests(driver) -> int:
    return driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(e => new URL(e.name).pathname === '/chat/token').length")


def assert_refused(driver, text: str) -> None:
    """The page says in Dutch that the assistant refused, within seconds, and nothing can
    be sent; no conversation was started."""
    started = time.monotonic()
    wait_for(driver, "return document.getElementById('status').dataset.state === 'refused'",
             timeout=20, what="the refusal message")
    assert time.monotonic() - started < 20
    assert status(driver) == {"state": "refused", "text": text}
    assert driver.execute_script("return document.getElementById('send').disabled")
    assert all(driver.execute_script(
        "return Array.from(document.querySelectorAll('#welcome button')).map(b => b.disabled)"))
    assert driver.execute_script(
        "return localStorage.getItem('jeugdhulp-webchat:session')") is None
    time.sleep(2)  # it stays there: no endless "Verbinden…"
    assert status(driver) == {"state": "refused", "text": text}


@pytest.mark.server
def test_the_web_chat_with_a_token(keyed, browser):
    driver = browser
    open_chat(driver, keyed)
    wait_connected(driver)
    assert token_requests(driver) >= 1
    ask(driver, "hallo")
    greeting = transcript(driver)[-1]
    assert greeting["from"] == "bot" and "richtlijnassistent" in greeting["text"]
    ask(driver, "MST-CAN?")
    wait_for(driver, """const bots = document.querySelectorAll('#transcript .msg--bot');
                        return bots.length === 2 && bots[1].textContent.includes('MST-CAN')""",
             what="the answer about MST-CAN")
    assert driver.execute_script("return localStorage.getItem('jeugdhulp-webchat:session')")
    assert status(driver) == {"state": "connected", "text": "Verbonden. Stel je vraag."}


@pytest.mark.server
def test_a_token_is_reused_until_it_expires_and_then_renewed(keyed, browser):
    driver = browser
    with token_fetch(driver):  # the server's tokens, counted
        open_chat(driver, keyed)
        wait_connected(driver)
        assert driver.execute_script("return window.__tokenFetches") == 1
        driver.find_element("id", "new-chat").click()  # reconnects
        wait_connected(driver)
        assert driver.execute_script("return window.__tokenFetches") == 1  # still valid
        ask(driver, "hallo")
    with token_fetch(driver, expires_in=2):  # the page is told its tokens last 2 s
        open_chat(driver, keyed)
        wait_connected(driver)
        assert driver.execute_script("return window.__tokenFetches") == 1
        time.sleep(2.5)
        driver.find_element("id", "new-chat").click()
        wait_connected(driver)
        assert driver.execute_script("return window.__tokenFetches") == 2  # a new one
        ask(driver, "hallo")
        assert transcript(driver)[-1]["from"] == "bot"


@pytest.mark.server
def test_the_web_chat_without_a_token_is_refused(keyed, browser):
    driver = browser
    with token_address_blocked(driver):
        open_chat(driver, keyed)
        assert_refused(driver, REFUSED)
        assert token_requests(driver) >= 1  # it was asked for (and blocked)
    # The page also says so when the token address says no token is needed (204; 404:
    # a proxy that does not pass it on), which is not so here.
    with token_fetch(driver, status=204):
        open_chat(driver, keyed)
        assert_refused(driver, REFUSED)
    with token_fetch(driver, status=404, body="Niet gevonden"):
        open_chat(driver, keyed)
        assert_refused(driver, REFUSED)


@pytest.mark.server
@pytest.mark.parametrize("kind", ["wrong key", "expired", "no jwt"])
def test_the_web_chat_with_an_invalid_token_is_refused(keyed, browser, kind):
    token = {"wrong key": wrong_key_token(), "expired": expired_token(),
             "no jwt": "not-a-jwt"}[kind]
    driver = browser
    with token_fetch(driver, token=token):
        open_chat(driver, keyed)
        assert_refused(driver, REFUSED)
        # One try only: a token that was just fetched is not tried again.
        assert driver.execute_script("return window.__tokenFetches") == 1


@pytest.mark.server
@pytest.mark.parametrize("how", [{"status": 401}, {"status": 403},
                                 {"status": 200, "type": "text/html",
                                  "body": "<!doctype html><title>Aanmelden</title>"}])
def test_the_web_chat_says_when_the_login_is_missing(keyed, browser, how):
    """The organisation's login in front of the token address answers 401/403, or its
    login page instead of the token."""
    driver = browser
    with token_fetch(driver, **how):
        open_chat(driver, keyed)
        assert_refused(driver, NOT_SIGNED_IN)


@pytest.mark.server
def test_the_web_chat_connects_again_after_a_refusal(keyed, browser):
    """Refused with an expired token; "Nieuw gesprek" (as a reload) fetches a new one."""
    driver = browser
    with token_fetch(driver, token=expired_token()):
        open_chat(driver, keyed)
        assert_refused(driver, REFUSED)
    with token_fetch(driver):
        driver.refresh()
        wait_connected(driver)
        ask(driver, "hallo")
        assert transcript(driver)[-1]["from"] == "bot"


CROSS_ORIGIN = """
const [target, token, transport, done] = arguments;
const result = {};
fetch(target + '/webhooks/rest/webhook', {method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({sender: 'cross-origin-' + transport, message: 'hallo'})})
  .then(r => r.json()).then(j => { result.rest = Array.isArray(j) && j.length > 0; })
  .catch(e => { result.rest = 'blocked: ' + e; })
  .then(() => new Promise(resolve => {
    const socket = io(target, {transports: [transport], reconnection: false,
                               auth: {token: token}, timeout: 10000});
    socket.on('connect', () => { result.socketio = 'connected'; socket.close(); resolve(); });
    socket.on('connect_error', e => { result.socketio = 'refused: ' + e.message;
                                      socket.close(); resolve(); });
  }))
  .then(() => done(result));
"""


def load_socketio_client(driver, origin: str) -> None:
    """Rasa's plain root page on ``origin`` (no Content-Security-Policy of its own), with
    the web chat's socket.io client loaded into it."""
    driver.get(f"{origin}/")
    driver.set_script_timeout(60)
    assert driver.execute_async_script("""
        const done = arguments[0];
        const script = document.createElement('script');
        script.src = '/chat/vendor/socket.io.min.js';
        script.onload = () => done(typeof io === 'function');
        script.onerror = () => done(false);
        document.head.appendChild(script);""")


@pytest.mark.server
@pytest.mark.parametrize("transport", ["polling", "websocket"])
def test_a_browser_on_a_listed_origin_may_use_the_assistant_across_origins(keyed, browser,
                                                                           transport):
    """A page on http://localhost:<port> (listed) calls http://127.0.0.1:<port>: another
    origin for the browser, the same server."""
    driver = browser
    load_socketio_client(driver, f"http://localhost:{keyed.rasa_port}")
    result = driver.execute_async_script(CROSS_ORIGIN, keyed.url, token_of(keyed)["token"],
                                         transport)
    assert result == {"rest": True, "socketio": "connected"}, result


@pytest.mark.server
@pytest.mark.parametrize("transport", ["polling", "websocket"])
def test_a_browser_on_another_origin_may_not(keyed, browser, transport):
    """A page on http://127.0.0.1:<port> calls http://localhost:<port>: not listed."""
    driver = browser
    load_socketio_client(driver, keyed.url)
    result = driver.execute_async_script(CROSS_ORIGIN, f"http://localhost:{keyed.rasa_port}",
                                         token_of(keyed)["token"], transport)
    assert result["rest"].startswith("blocked: TypeError"), result
    assert result["socketio"].startswith("refused: "), result
