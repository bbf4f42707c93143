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
``jeugdhulp.channels.inputs.SocketIOChannel``.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import InputChannel, UserMessage

logger = logging.getLogger(__name__)

from jeugdhulp.messages import message
from jeugdhulp.paths import WEBCHAT_DIR
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
    """Serves the web chat page; the conversation itself runs over the socket.io channel."""

    @classmethod
    def name(cls) -> Text:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

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
