"""The web chat's HTTP layer (jeugdhulp/channels/webchat.py): what /chat/ serves, and how.

Against the real Rasa server of the session (tests/conftest.py's ``servers``: started by
bot/scripts/run.sh, the way `make run` starts it):

* the page and every asset it may serve, each with its MIME type, its bytes, and the
  security headers, the Content-Security-Policy checked directive by directive;
* the CSP's connect-src follows the Host header, and a forged Host cannot widen it;
* nothing else: not the page under another name, not the other files of bot/webchat, no
  path traversal (``..``, ``%2e%2e``, ``%2f``, double encoding), no absolute path, no other
  extension, no hidden file: 404, and never the bytes of a file outside the folder;
* the defaults of `make run` for browsers on other sites (no ``ALLOWED_ORIGINS``, no
  ``SOCKETIO_JWT_KEY``): no ``Access-Control-Allow-Origin`` for a foreign ``Origin`` on any
  route, socket.io refuses such a browser (403, and a python-socketio client over
  WebSocket and polling) but takes the server's own origin, and the token address gives
  no token (204). The same with a key and a list: tests/integration/test_webchat_access.py.

In process, the same channel registered on a Sanic app by Rasa's own
``rasa.core.channels.channel.register`` (what ``rasa run`` does with credentials.yml) and
served over a real socket, with ``webchat.VENDOR_DIR`` pointed at a folder of the test's
own (the handlers read it on every request; no setting is needed for this):

* the 503 page, in Dutch, with the same headers, when the front-end was not built;
* names in vendor/ that exist but are not plain names (hidden, odd characters, other
  extensions) are not served; a symbolic link out of the folder (a known gap).

Requests are sent with http.client, which sends the path exactly as written (requests and
urllib3 would remove dot segments first).
"""
from __future__ import annotations

import asyncio
import http.client
import json
import logging
import os
import threading
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Optional
from urllib.parse import quote

import pytest

from tests.conftest import ROOT, free_port

WEBCHAT = ROOT / "bot" / "webchat"
VENDOR = WEBCHAT / "static" / "vendor"

# What the web chat may serve, written out here rather than read from the module, so that a
# change of the allow-list shows up as a failing test.
PAGE_FILES = ["chat.js", "chat.css", "favicon.svg"]
MIME = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
        ".map": "application/json; charset=utf-8"}
VENDOR_FILES = sorted(p.name for p in VENDOR.glob("*") if p.suffix in (".js", ".map"))
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Cache-Control": "no-cache"}
NOT_BUILT = ("De webchat is nog niet gebouwd. Voer <code>make setup</code> uit en start de "
             "assistent opnieuw.")


class Response(NamedTuple):
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def fetch(port: int, path: str, method: str = "GET", host: Optional[str] = None,
          headers: Optional[Dict[str, str]] = None, body: Optional[bytes] = None) -> Response:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=host is not None,
                              skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return Response(response.status, response.msg, response.read())
    finally:
        connection.close()


def csp_of(response: Response) -> Dict[str, List[str]]:
    """The Content-Security-Policy as {directive: [sources]}; each directive once."""
    values = response.headers.get_all("Content-Security-Policy") or []
    assert len(values) == 1, f"one Content-Security-Policy header expected, got {values}"
    policy: Dict[str, List[str]] = {}
    for part in values[0].split(";"):
        name, *sources = part.split()
        assert name not in policy, f"directive {name} twice"
        policy[name] = sources
    return policy


def expected_csp(host: Optional[str]) -> Dict[str, List[str]]:
    connect = ["'self'"] + ([f"ws://{host}", f"wss://{host}"] if host else [])
    return {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": connect,
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'self'"],
    }


def assert_security_headers(response: Response, host: Optional[str]) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get_all(name) == [value], (name, response.headers.get_all(name))
    policy = csp_of(response)
    expected = expected_csp(host)
    for directive, sources in expected.items():  # one assertion per directive
        assert policy.get(directive) == sources, (directive, policy.get(directive))
    assert set(policy) == set(expected), f"unexpected directives: {set(policy) - set(expected)}"


# ----------------------------------------------------------------------------- the real server

@pytest.mark.server
def test_the_page(servers):
    r = fetch(servers.rasa_port, "/chat/")
    assert r.status == 200
    assert r.headers.get_all("Content-Type") == [MIME[".html"]]
    assert r.body == (WEBCHAT / "index.html").read_bytes()
    assert_security_headers(r, f"127.0.0.1:{servers.rasa_port}")


@pytest.mark.server
def test_the_page_without_slash_redirects_to_it(servers):
    r = fetch(servers.rasa_port, "/chat")
    assert r.status == 302
    assert r.headers["Location"] == "/chat/"


@pytest.mark.server
def test_head_of_the_page(servers):
    r = fetch(servers.rasa_port, "/chat/", method="HEAD")
    assert r.status == 200 and r.body == b""
    assert r.headers.get_all("Content-Type") == [MIME[".html"]]
    assert_security_headers(r, f"127.0.0.1:{servers.rasa_port}")


def test_the_allow_list_is_what_the_module_serves():
    from jeugdhulp.channels import webchat

    assert list(webchat.PAGE_FILES) == PAGE_FILES
    assert webchat.MIME_TYPES == MIME
    assert webchat.WEBCHAT_DIR == WEBCHAT and webchat.VENDOR_DIR == VENDOR
    assert {"socket.io.min.js", "markdown-it.min.js", "purify.min.js"} <= set(VENDOR_FILES), \
        f"{VENDOR}: run `make setup`"


@pytest.mark.server
@pytest.mark.parametrize("path,file", [(f"/chat/{n}", WEBCHAT / n) for n in PAGE_FILES]
                         + [(f"/chat/vendor/{n}", VENDOR / n) for n in VENDOR_FILES])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_every_allowed_file_with_its_type_and_headers(servers, path, file, method):
    r = fetch(servers.rasa_port, path, method=method)
    assert r.status == 200
    assert r.headers.get_all("Content-Type") == [MIME[file.suffix]]
    assert r.body == (file.read_bytes() if method == "GET" else b"")
    assert_security_headers(r, f"127.0.0.1:{servers.rasa_port}")


@pytest.mark.server
@pytest.mark.parametrize("host", ["chat.example.org", "chat.example.org:8443", "[::1]:5005",
                                  "10.0.0.7:5005"])
def test_connect_src_follows_the_host(servers, host):
    for path in ("/chat/", "/chat/chat.js"):
        r = fetch(servers.rasa_port, path, host=host)
        assert r.status == 200
        assert_security_headers(r, host)


@pytest.mark.server
@pytest.mark.parametrize("host", ["evil.example; script-src *", "x' 'unsafe-inline'",
                                  "a b", "evil.example/path", "évil.example", ""])
def test_a_forged_host_cannot_widen_the_policy(servers, host):
    for path in ("/chat/", "/chat/chat.js"):
        r = fetch(servers.rasa_port, path, host=host)
        assert r.status == 200
        assert csp_of(r)["connect-src"] == ["'self'"]
        assert_security_headers(r, None)


# Secrets that a traversal would reach: the text of files outside what may be served.
OUTSIDE = [ROOT / "credentials.yml", ROOT / "endpoints.yml", WEBCHAT / "package.json",
           WEBCHAT / "README.md", VENDOR / "versions.json", Path("/etc/passwd")]

NOT_SERVED = [
    # the page under another name, and the other files of bot/webchat
    "/chat/index.html", "/chat/package.json", "/chat/package-lock.json", "/chat/README.md",
    "/chat/copy-vendor.mjs", "/chat/webchat.mk", "/chat/static/vendor/socket.io.min.js",
    "/chat/CHAT.JS", "/chat/chat.js.map", "/chat/chat%2ejs",
    # path traversal, plain and encoded
    "/chat/../credentials.yml", "/chat/..%2fcredentials.yml", "/chat/%2e%2e/credentials.yml",
    "/chat/%2e%2e%2fcredentials.yml", "/chat/%2E%2E%2Fendpoints.yml",
    "/chat/..%5ccredentials.yml", "/chat/vendor/../../../../credentials.yml",
    "/chat/vendor/..%2f..%2f..%2f..%2fcredentials.yml",
    "/chat/vendor/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fcredentials.yml",
    "/chat/vendor/%252e%252e%252fversions.json", "/chat/vendor/..%2fpackage.json",
    "/chat/vendor/....%2f%2f..%2fpackage.json", "/chat/vendor/%2e%2e",
    "/chat/vendor/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    # absolute paths
    "/chat//etc/passwd", "/chat/vendor//etc/passwd", "/chat/vendor/%2fetc%2fpasswd",
    "/chat/%2fetc%2fpasswd", "/chat/vendor/%2Fwork%2Fmain%2Fcredentials.yml",
    # other extensions and names in vendor/
    "/chat/vendor/versions.json", "/chat/vendor/socket.io.min.js%00.png",
    "/chat/vendor/socket.io.min.js.txt", "/chat/vendor/socket.io.min.JS",
    "/chat/vendor/socket%2eio.min.js",
    # hidden files and odd characters
    "/chat/vendor/.gitignore", "/chat/vendor/.socket.io.min.js", "/chat/.env",
    "/chat/vendor/%20socket.io.min.js", "/chat/vendor/socket.io.min.js%0a",
    "/chat/vendor/-socket.io.min.js", "/chat/vendor/socket.io;.min.js",
    "/chat/vendor/~socket.io.min.js", "/chat/vendor/socket.io.min.js%3b",
    # no listings
    "/chat/vendor", "/chat/vendor/", "/chat/static/", "/chat/static/vendor/",
]


def assert_nothing_outside(response: Response) -> None:
    for path in OUTSIDE:
        if path.is_file():
            text = path.read_bytes()
            for start in range(0, min(len(text), 600), 200):  # a few pieces of each file
                piece = text[start:start + 40]
                if len(piece.strip()) >= 20:
                    assert piece not in response.body, f"the bytes of {path} were served"


@pytest.mark.server
@pytest.mark.parametrize("path", NOT_SERVED)
def test_nothing_else_is_served(servers, path):
    r = fetch(servers.rasa_port, path)
    assert r.status == 404, (path, r.status, r.body[:200])
    assert_nothing_outside(r)
    assert r.headers.get_content_type() == "text/plain"


@pytest.mark.server
@pytest.mark.parametrize("path", ["/chat/", "/chat/chat.js", "/chat/vendor/socket.io.min.js"])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_only_get_and_head(servers, path, method):
    r = fetch(servers.rasa_port, path, method=method)
    assert r.status == 405, (method, path, r.status)


# ------------------------------------------------- other sites, tokens: the defaults of make run

FOREIGN = "https://evil.example"
SOCKETIO_HANDSHAKE = "/socket.io/?EIO=4&transport=polling"
FOREIGN_REFUSED = "Verbinding geweigerd: deze website mag de assistent niet gebruiken."


def cors_origins(response: Response) -> List[str]:
    return response.headers.get_all("Access-Control-Allow-Origin") or []


def rest_message(sender: str) -> bytes:
    return json.dumps({"sender": sender, "message": "hallo"}).encode("utf-8")


@pytest.mark.server
def test_a_foreign_origin_gets_no_cors_headers(servers):
    port = servers.rasa_port
    origin = {"Origin": FOREIGN}
    preflight = {"Origin": FOREIGN, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    json_body = {"Origin": FOREIGN, "Content-Type": "application/json"}
    checks = {
        "REST": fetch(port, "/webhooks/rest/webhook", "POST", headers=json_body,
                      body=rest_message("cors-foreign")),
        "REST preflight": fetch(port, "/webhooks/rest/webhook", "OPTIONS", headers=preflight),
        "page": fetch(port, "/chat/", headers=origin),
        "token": fetch(port, "/chat/token", headers=origin),
        "root": fetch(port, "/", headers=origin),
        "socket.io": fetch(port, SOCKETIO_HANDSHAKE, headers=origin),
        "socket.io preflight": fetch(port, SOCKETIO_HANDSHAKE, "OPTIONS", headers=preflight),
    }
    for what, r in checks.items():
        assert cors_origins(r) == [], (what, cors_origins(r))
        assert not r.headers.get_all("Access-Control-Allow-Credentials"), what
    # The REST channel still answers a client that is no browser; a browser cannot read it.
    assert checks["REST"].status == 200 and json.loads(checks["REST"].body)
    assert checks["page"].status == 200
    assert checks["socket.io"].status == 403
    assert checks["socket.io"].body.decode("utf-8") == FOREIGN_REFUSED


@pytest.mark.server
@pytest.mark.parametrize("origin", [FOREIGN, "null", "http://127.0.0.1", "https://127.0.0.1",
                                    "http://127.0.0.1:1", "http://localhost:{port}",
                                    "http://127.0.0.1:{port}.evil.example", "x"])
def test_socketio_refuses_every_origin_but_its_own(servers, origin):
    origin = origin.format(port=servers.rasa_port)
    r = fetch(servers.rasa_port, SOCKETIO_HANDSHAKE, headers={"Origin": origin})
    assert r.status == 403, (origin, r.status, r.body[:100])
    assert r.body.decode("utf-8") == FOREIGN_REFUSED and cors_origins(r) == []


@pytest.mark.server
@pytest.mark.parametrize("headers", [{}, {"Origin": "http://127.0.0.1:{port}"},
                                     {"Origin": "https://127.0.0.1:{port}"},
                                     {"Origin": "http://ASSISTENT.example.nl",
                                      "Host": "assistent.example.nl"},
                                     {"Origin": "https://assistent.example.nl",
                                      "Host": "assistent.example.nl:443"}])
def test_socketio_takes_its_own_origin(servers, headers):
    """The origin of the server as it was asked for (its Host): the web chat's own page,
    also behind a proxy that ends TLS. A client that is no browser sends no Origin."""
    headers = {k: v.format(port=servers.rasa_port) for k, v in headers.items()}
    host = headers.pop("Host", None)
    r = fetch(servers.rasa_port, SOCKETIO_HANDSHAKE, host=host, headers=headers)
    assert r.status == 200, (headers, r.status, r.body[:200])
    assert r.body.startswith(b"0{") and b'"sid"' in r.body  # engine.io's open packet
    assert cors_origins(r) == []  # the same origin needs none


def socketio_client(url: str, origin: Optional[str], transport: str,
                    token: Optional[str] = None):
    """A python-socketio client that connects as a browser on ``origin`` would."""
    import socketio

    options = {"websocket_extra_options": {"origin": origin}} if origin else {}
    client = socketio.Client(reconnection=False, **options)
    # On a refused connection the client disconnects and joins its long-poll thread, whose
    # request the server holds for its ping interval (about 30 s): not worth waiting for.
    disconnect = client.eio.disconnect
    client.eio.disconnect = lambda abort=False, reason=None: disconnect(True, reason)
    confirmed = threading.Event()
    client.on("session_confirm", lambda *_: confirmed.set())
    client.connect(url, transports=[transport], wait_timeout=10,
                   headers={"Origin": origin} if origin and transport == "polling" else {},
                   auth={"token": token} if token else None)
    client.emit("session_request", {"session_id": None})
    assert confirmed.wait(30), "no session_confirm"
    return client


@pytest.mark.server
@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_socketio_client_on_a_foreign_site_is_refused(servers, transport):
    import socketio

    with pytest.raises(socketio.exceptions.ConnectionError):
        socketio_client(servers.url, FOREIGN, transport).disconnect()
    # The same client from the server's own origin connects.
    socketio_client(servers.url, servers.url, transport).disconnect()


@pytest.mark.server
def test_the_token_address_is_off_without_a_key(servers):
    r = fetch(servers.rasa_port, "/chat/token")
    assert r.status == 204 and r.body == b""
    assert r.headers.get_all("Cache-Control") == ["no-store"]
    assert fetch(servers.rasa_port, "/chat/token", "POST").status == 405


# ----------------------------------------------------------------------------- in process

class InProcess(NamedTuple):
    port: int
    vendor: Path


@pytest.fixture(scope="module")
def in_process_port() -> Iterator[int]:
    """The web chat channel on a Sanic app of its own, registered the way `rasa run` does,
    served on a free port from a thread. One per module: Sanic 21.12 rewrites its protocol
    class when a server starts and cannot start a second app in the same process."""
    from rasa.core.channels.channel import register
    from sanic import Sanic

    from jeugdhulp.channels import webchat

    app = Sanic(f"webchat_http_test_{os.getpid()}")
    register([webchat.WebChatInput()], app, route="/webhooks/")
    port = free_port()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    state = {}

    def serve() -> None:
        asyncio.set_event_loop(loop)
        try:
            server = loop.run_until_complete(app.create_server(
                host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False))
            loop.run_until_complete(server.startup())
            loop.run_until_complete(server.before_start())
            loop.run_until_complete(server.after_start())
            state["server"] = server
        except BaseException as error:  # raised in the test's thread below
            state["error"] = error
        finally:
            started.set()
        if "server" in state:
            loop.run_forever()

    thread = threading.Thread(target=serve, name="webchat-http-test", daemon=True)
    thread.start()
    assert started.wait(60), "the in-process server did not start"
    if "error" in state:
        raise state["error"]
    yield port

    async def stop() -> None:
        server = state["server"]
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()

    asyncio.run_coroutine_threadsafe(stop(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(30)
    assert not thread.is_alive()
    loop.close()


@pytest.fixture
def in_process(in_process_port, tmp_path, monkeypatch) -> InProcess:
    """The in-process server, with ``webchat.VENDOR_DIR`` pointed at an empty folder of this
    test (the handlers read it on every request)."""
    from jeugdhulp.channels import webchat

    vendor = tmp_path / "vendor"
    vendor.mkdir()
    monkeypatch.setattr(webchat, "VENDOR_DIR", vendor)
    return InProcess(in_process_port, vendor)


def test_the_503_page_when_the_front_end_was_not_built(in_process, caplog):
    from jeugdhulp.channels import webchat
    from jeugdhulp.messages import message

    caplog.set_level(logging.WARNING, logger="jeugdhulp.channels.webchat")
    host = f"127.0.0.1:{in_process.port}"
    for method in ("GET", "HEAD"):
        r = fetch(in_process.port, "/chat/", method=method)
        assert r.status == 503
        assert r.headers.get_all("Content-Type") == ["text/html; charset=utf-8"]
        assert_security_headers(r, host)
        if method == "GET":
            page = r.body.decode("utf-8")
            assert page == webchat.MISSING_ASSETS
            assert '<html lang="nl">' in page and '<meta charset="utf-8">' in page
            assert f"<p>{NOT_BUILT}</p>" in page
            assert message("channels.webchat.not_built") == NOT_BUILT
            assert "<script" not in page and "style=" not in page  # fits its own CSP
        else:
            assert r.body == b""
    missing = [rec.getMessage() for rec in caplog.records if rec.levelno == logging.WARNING]
    assert missing == [f"Web chat assets missing in {in_process.vendor}: run `make setup`."] * 2
    # The page's own files are still there; the vendor files are not.
    assert fetch(in_process.port, "/chat/chat.js").status == 200
    assert fetch(in_process.port, "/chat/vendor/socket.io.min.js").status == 404


def test_the_page_is_served_once_the_front_end_is_built(in_process):
    (in_process.vendor / "socket.io.min.js").write_text("/* built */", encoding="utf-8")
    r = fetch(in_process.port, "/chat/")
    assert r.status == 200 and r.body == (WEBCHAT / "index.html").read_bytes()
    r = fetch(in_process.port, "/chat/vendor/socket.io.min.js")
    assert r.status == 200 and r.body == b"/* built */"
    assert r.headers.get_all("Content-Type") == [MIME[".js"]]
    assert_security_headers(r, f"127.0.0.1:{in_process.port}")


# Files that exist in vendor/, but whose names are not plain: never served.
ODD_NAMES = [".hidden.js", ".js", "-dash.js", "_underscore.js", "~tilde.js", "odd name.js",
             "semi;colon.js", "quote'.js", "percent%2e.js", "ümlaut.js", "upper.JS", "x.json",
             "x.mjs", "x.html", "x.js.txt", "x.css", "x.svg", "x.map.bak", "x.js~", "x.js "]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_a_vendor_file_needs_a_plain_name(in_process, name):
    (in_process.vendor / "plain-1.2.min.js").write_text("plain", encoding="utf-8")
    (in_process.vendor / name).write_text("SECRET " + name, encoding="utf-8")
    ok = fetch(in_process.port, "/chat/vendor/plain-1.2.min.js")
    assert ok.status == 200 and ok.body == b"plain"  # the folder is the one under test
    r = fetch(in_process.port, "/chat/vendor/" + quote(name, safe=""))
    assert r.status == 404, (name, r.status)
    assert b"SECRET" not in r.body


def test_a_symbolic_link_out_of_the_vendor_folder_is_not_served(in_process, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET outside the folder", encoding="utf-8")
    (in_process.vendor / "link.js").symlink_to(secret)
    r = fetch(in_process.port, "/chat/vendor/link.js")
    assert b"SECRET" not in r.body
    assert r.status == 404
