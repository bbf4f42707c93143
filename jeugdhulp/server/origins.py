"""Which web pages may use the assistant from a browser: its own origin, and the origins
listed in ``ALLOWED_ORIGINS``.

The web chat is served by the Rasa server itself (``/chat/``), so its requests are
same-origin and need no CORS at all. Another site (an intranet page that embeds a chat, an
application of the organisation's own) is allowed only when its origin is listed in
``ALLOWED_ORIGINS``: a space- or comma-separated list of ``scheme://host[:port]``, e.g.
``https://intranet.example.nl, http://localhost:8080``. There is no wildcard: every origin
is spelled out.

Two places use the list:

* ``bot/scripts/run.sh`` hands it to Rasa as ``--cors`` (Sanic-CORS: the
  ``Access-Control-Allow-*`` headers of every HTTP route, the socket.io route included).
  Without the setting Rasa gets no ``--cors`` and sends no such headers.
  ``python -m jeugdhulp.server.origins`` prints the arguments, one per line, and refuses
  (exit code 2, in Dutch) an entry that is not an origin.
* ``jeugdhulp.channels.webchat.SocketIOChannel`` refuses a socket.io request whose
  ``Origin`` is neither the server's own (the ``Host`` it was asked for) nor listed. CORS
  does not cover WebSockets, so a browser would otherwise connect from any site.
"""
from __future__ import annotations

import os
import re
import sys
from typing import Iterable, List, Optional, Tuple

VARIABLE = "ALLOWED_ORIGINS"
DEFAULT_PORTS = {"http": 80, "https": 443}
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
ORIGIN = re.compile(rf"^(https?)://({_LABEL}(?:\.{_LABEL})*|\[[0-9a-f:.]+\])(?::([0-9]{{1,5}}))?$")
HOST = re.compile(rf"^({_LABEL}(?:\.{_LABEL})*|\[[0-9a-f:.]+\])(?::([0-9]{{1,5}}))?$")


class OriginError(ValueError):
    """An entry of ALLOWED_ORIGINS that is not an origin; the message is Dutch."""


def normalise(origin: str) -> str:
    """``origin`` the way a browser writes it in its ``Origin`` header: lower case, no
    default port, no trailing slash. Raises :class:`OriginError` when it is no origin."""
    text = origin.strip().lower()
    if text.endswith("/") and text.count("/") == 3:
        text = text[:-1]  # "https://a.example/" is a common way to write the origin
    match = ORIGIN.match(text)
    port = match and match.group(3)
    if not match or (port is not None and not 0 < int(port) < 65536):
        raise OriginError(
            f"{VARIABLE}: '{origin.strip()}' is geen origin. Schrijf elke website als "
            "schema://host of schema://host:poort (http of https, zonder pad, zonder *), "
            "bijvoorbeeld https://intranet.example.nl")
    scheme, host = match.group(1), match.group(2)
    if port is None or int(port) == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{int(port)}"


def parse(value: Optional[str]) -> List[str]:
    """The origins of an ``ALLOWED_ORIGINS`` value (space- or comma-separated), normalised,
    without duplicates, in their order; an empty or unset value gives none."""
    origins: List[str] = []
    for entry in re.split(r"[\s,]+", value or ""):
        if entry:
            origin = normalise(entry)
            if origin not in origins:
                origins.append(origin)
    return origins


def _split(origin: str) -> Optional[Tuple[str, str, int]]:
    match = ORIGIN.match(origin.strip().lower())
    if not match:
        return None
    scheme, host, port = match.group(1), match.group(2), match.group(3)
    return scheme, host, int(port) if port else DEFAULT_PORTS[scheme]


def same_origin(origin: str, host: Optional[str]) -> bool:
    """Whether ``origin`` (an ``Origin`` header) names the server that was asked for
    ``host`` (its ``Host`` header). The scheme is not compared: behind a reverse proxy that
    ends TLS the server itself is asked over http."""
    parts = _split(origin)
    match = HOST.match((host or "").strip().lower())
    if not parts or not match:
        return False
    scheme, origin_host, origin_port = parts
    if match.group(1) != origin_host:
        return False
    if match.group(2) is None:  # a Host without a port: the default port of the scheme
        return origin_port == DEFAULT_PORTS[scheme]
    return int(match.group(2)) == origin_port


def allowed(origin: str, host: Optional[str], origins: Iterable[str]) -> bool:
    """Whether a browser request with this ``Origin`` may use the server asked for as
    ``host``: its own origin, or one of ``origins`` (normalised, as :func:`parse` gives)."""
    if same_origin(origin, host):
        return True
    try:
        return normalise(origin) in set(origins)
    except OriginError:  # "null" (a sandboxed frame, a file), or anything else
        return False


def cors_arguments(origins: Iterable[str]) -> List[str]:
    """The origins as Rasa's ``--cors`` takes them. Sanic-CORS compares a plain origin as
    text (ignoring case) but takes one with ``[`` or ``]`` (an IPv6 address) for a regular
    expression; such an origin is passed escaped and anchored, so it matches only itself."""
    return [re.escape(o) + r"\Z" if re.search(r"[\[\]*?\\]", o) else o for o in origins]


def main() -> int:
    try:
        origins = parse(os.environ.get(VARIABLE))
    except OriginError as error:
        print(error, file=sys.stderr)
        return 2
    for argument in cors_arguments(origins):
        print(argument)
    return 0


if __name__ == "__main__":
    sys.exit(main())
