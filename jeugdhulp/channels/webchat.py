"""The web chat page, served by the Rasa server itself (one process, one port).

``WebChatInput`` is a Rasa input channel that only serves files: the page
(``bot/webchat/index.html``), its script and style sheet and the browser builds of the npm
packages it uses (copied to ``bot/webchat/static/vendor/`` by ``make setup``). The page
talks to Rasa's own socket.io channel (``socketio:`` in credentials.yml), so the answers
are rendered in the ``socketio`` channel's format. Register it in credentials.yml::

    jeugdhulp.channels.webchat.WebChatInput:

Rasa mounts a channel's blueprint at ``urljoin("/webhooks/", channel.url_prefix())``; an
absolute prefix replaces ``/webhooks/``, so the page is at ``http://<host>:<port>/chat/``.

The socket.io channel's session persistence is repaired by
``jeugdhulp.channels.inputs.SocketIOChannel``; :class:`SocketIOChannel` here (the ``socketio``
entry of credentials.yml) extends it with the origin check below.

Who may connect
    *Origins.* :class:`SocketIOChannel` refuses (403) every socket.io request whose
    ``Origin`` header is neither the server's own nor listed in ``ALLOWED_ORIGINS``
    (``jeugdhulp.server.origins``). Rasa 3.6 creates its python-socketio server with
    ``cors_allowed_origins=[]``, which switches python-engineio's own origin check off (and
    leaves the CORS headers to Sanic-CORS, i.e. to ``--cors``); CORS does not cover
    WebSockets, so any web site could otherwise open a socket to the assistant in a
    visitor's browser. The check is in front of engine.io's request handler rather than in
    engine.io's ``cors_allowed_origins``: with that set, engine.io would send its own
    ``Access-Control-Allow-Origin`` next to Sanic-CORS's, and a browser refuses a response
    with two.

    *Tokens.* With ``SOCKETIO_JWT_KEY`` set, Rasa's socket.io channel accepts a connection
    only with ``auth: {token: <JWT>}`` signed with that key (``jwt_method``, HS256). The page
    gets one from ``GET /chat/token`` (:class:`WebChatInput`, ``jwt_key`` in its
    credentials): ``{"token": ..., "expires_in": 300}``, signed with the same key, valid
    :data:`TOKEN_SECONDS`. The endpoint is meant to sit behind the organisation's own login
    (docs/production.md); without a key it answers 204 No Content and the page connects
    without a token (the channel then takes none).
"""
from __future__ import annotations

import functools
import logging
import re
import time
import uuid
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import jwt
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import InputChannel, UserMessage

logger = logging.getLogger(__name__)

from jeugdhulp.channels import inputs
from jeugdhulp.messages import message
from jeugdhulp.paths import WEBCHAT_DIR
from jeugdhulp.server import origins
VENDOR_DIR = WEBCHAT_DIR / "static" / "vendor"
PATH = "/chat"

# The only files served from WEBCHAT_DIR (besides index.html at the page's own address).
PAGE_FILES = ("chat.js", "chat.css", "favicon.svg")
MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".map": "application/json; charset=utf-8",
}
VENDOR_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:js|map)$")
HOST = re.compile(r"^[A-Za-z0-9.\-\[\]:]+$")

MISSING_ASSETS = ('<!doctype html><html lang="nl"><meta charset="utf-8"><title>Webchat</title>'
                  f'<p>{message("channels.webchat.not_built")}</p></html>')

# Tokens for the socket.io channel: short-lived, so that one copied from a browser is soon
# worthless; the page fetches a new one for every (re)connection after it expired.
TOKEN_SECONDS = 300
TOKEN_METHODS = ("HS256", "HS384", "HS512")  # signed and checked with the same key
TOKEN_SCOPE = "webchat"
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"}
# What a browser on another site gets from the socket.io route (403).
FOREIGN_ORIGIN = "Verbinding geweigerd: deze website mag de assistent niet gebruiken."


def issue_token(key: str, method: str = "HS256", now: Optional[float] = None) -> str:
    """A token for Rasa's socket.io channel: ``exp`` :data:`TOKEN_SECONDS` from now, a
    random ``jti`` and ``scope: webchat``. Rasa's channel checks the signature and ``exp``
    (``rasa.core.channels.channel.decode_bearer_token``). There is no ``iat`` or ``nbf``
    (a server whose clock is a second behind would refuse a fresh token) and no ``user``
    claim: should the same key also be Rasa's ``RASA_JWT_SECRET``, the token still grants
    nothing in Rasa's HTTP API, which requires ``user.role``."""
    expires = int(time.time() if now is None else now) + TOKEN_SECONDS
    return jwt.encode({"exp": expires, "jti": uuid.uuid4().hex, "scope": TOKEN_SCOPE},
                      key, algorithm=method)


def security_headers(host: Optional[str]) -> Dict[str, str]:
    """Headers for every file: no inline script, nothing from other sites."""
    connect = "'self'"
    if host and HOST.match(host):
        connect += f" ws://{host} wss://{host}"
    csp = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        f"connect-src {connect}; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'self'"
    )
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }


class WebChatInput(InputChannel):
    """Serves the web chat page, and its tokens for the socket.io channel when
    ``jwt_key`` (``SOCKETIO_JWT_KEY``) is set; the conversation itself runs over the
    socket.io channel."""

    def __init__(self, jwt_key: Optional[str] = None, jwt_method: str = "HS256") -> None:
        if jwt_key and jwt_method not in TOKEN_METHODS:
            raise ValueError(f"webchat: jwt_method {jwt_method!r} cannot sign tokens with "
                             f"SOCKETIO_JWT_KEY; use one of {', '.join(TOKEN_METHODS)}.")
        self.jwt_key = jwt_key or None
        self.jwt_method = jwt_method

    @classmethod
    def name(cls) -> Text:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(credentials.get("jwt_key"), credentials.get("jwt_method") or "HS256")

    def url_prefix(self) -> Text:
        return PATH

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webchat = Blueprint("webchat", __name__)

        async def send(request: Request, path: Path) -> HTTPResponse:
            return await response.file(
                path, mime_type=MIME_TYPES[path.suffix],
                headers=security_headers(request.host),
            )

        @webchat.route("", methods=["GET", "HEAD"], strict_slashes=True)
        async def page_without_slash(request: Request) -> HTTPResponse:
            # The page uses relative addresses for its files: they need the trailing slash.
            return response.redirect(request.path + "/")

        @webchat.route("/", methods=["GET", "HEAD"], strict_slashes=True)
        async def page(request: Request) -> HTTPResponse:
            if not (VENDOR_DIR / "socket.io.min.js").is_file():
                logger.warning("Web chat assets missing in %s: run `make setup`.", VENDOR_DIR)
                return response.html(MISSING_ASSETS, status=503,
                                     headers=security_headers(request.host))
            return await send(request, WEBCHAT_DIR / "index.html")

        @webchat.route("/token", methods=["GET"])
        async def token(request: Request) -> HTTPResponse:
            # Without a key the socket.io channel takes no token, and there is nothing to
            # sign with: 204 (no token), and the page connects without one. Not 404: the
            # browser would log every page load as an error.
            if not self.jwt_key:
                return response.empty(status=204, headers=NO_STORE)
            return response.json(
                {"token": issue_token(self.jwt_key, self.jwt_method),
                 "expires_in": TOKEN_SECONDS},
                headers=NO_STORE)

        @webchat.route("/<name:str>", methods=["GET", "HEAD"])
        async def page_file(request: Request, name: str) -> HTTPResponse:
            if name not in PAGE_FILES:
                return response.text("Niet gevonden", status=404)
            return await send(request, WEBCHAT_DIR / name)

        @webchat.route("/vendor/<name:str>", methods=["GET", "HEAD"])
        async def vendor_file(request: Request, name: str) -> HTTPResponse:
            path = VENDOR_DIR / name
            # A link in the folder must not lead out of it (it would serve any file).
            if not VENDOR_NAME.match(name) or not path.is_file() \
                    or path.resolve().parent != VENDOR_DIR.resolve():
                return response.text("Niet gevonden", status=404)
            return await send(request, path)

        return webchat


class SocketIOChannel(inputs.SocketIOChannel):
    """Rasa's socket.io channel (with the project's guard and session repair) that accepts
    requests only from the server's own origin and the origins of ``allowed_origins``
    (``ALLOWED_ORIGINS``, space- or comma-separated). Registered in credentials.yml as the
    ``socketio`` channel; see the module docstring for why the check sits where it does."""

    def __init__(self, *args: Any, allowed_origins: Optional[str] = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_origins: List[str] = origins.parse(allowed_origins)

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        channel.allowed_origins = origins.parse(credentials.get("allowed_origins"))
        return channel

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        # Rasa's SocketBlueprint attaches the server when the blueprint is registered, and
        # engine.io registers its bound `handle_request` then: wrapped before that.
        eio = self.sio.eio
        eio.handle_request = self._origin_checked(eio.handle_request)
        return blueprint

    def _origin_checked(self, handle_request: Callable[..., Awaitable[Any]]
                        ) -> Callable[..., Awaitable[Any]]:
        allowed_origins = self.allowed_origins

        @functools.wraps(handle_request)
        async def handle(request: Request, *args: Any, **kwargs: Any) -> Any:
            origin = request.headers.get("origin")
            if origin is not None and not origins.allowed(
                    origin, request.headers.get("host"), allowed_origins):
                logger.info("socket.io: refused a request from origin %r.", origin[:200])
                return response.text(FOREIGN_ORIGIN, status=403,
                                     headers={"Cache-Control": "no-store"})
            return await handle_request(request, *args, **kwargs)

        return handle
