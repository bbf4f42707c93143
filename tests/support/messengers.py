"""A local stand-in for the messengers' own servers, so that the channels can run against a
real Rasa server without anything leaving the machine.

One threaded HTTP server answers, like the real services do, at these prefixes:

- ``/slack/api/``   Slack's Web API (``chat.postMessage``)      SLACK_API_URL
- ``/bf/``          Microsoft: OpenID metadata and keys (``/bf/openid``, ``/bf/keys``), the
                    token endpoint (``/bf/token``) and the Bot Connector (``/bf/service/``)
                    BOTFRAMEWORK_OPENID_URL, BOTFRAMEWORK_TOKEN_URL, the activity's serviceUrl
- ``/telegram/``    Telegram's Bot API (``/telegram/bot<token>/<method>``: ``getMe``,
                    ``setWebhook``, ``sendMessage``, ``answerCallbackQuery``, ...)
                    TELEGRAM_API_URL
- ``/mattermost/``  Mattermost's REST API (``/mattermost/api/v4/posts``)   MATTERMOST_URL

Every request is recorded (``calls``) in the order it arrived. ``wait_until`` blocks until a
condition on the recorded calls holds, woken by each new call; it raises AssertionError when
the condition does not hold within its (generous) timeout, so waiting can fail a test but
never pass one.
"""
from __future__ import annotations

import json
import re
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, TypeVar
from urllib.parse import parse_qs

from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

T = TypeVar("T")

BF_KEY_ID = "test-key"

# The channels' settings the test servers run with (``channel_settings``).
SIGNING_SECRET = "test-signing-secret"
APP_ID = "00000000-1111-2222-3333-444444444444"
TELEGRAM_TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr"
TELEGRAM_USERNAME = "JeugdhulpTestBot"
TELEGRAM_WEBHOOK_URL = "https://bot.example.nl/webhooks/telegram/webhook"
MATTERMOST_BOT_TOKEN = "mm-bot-token"
MATTERMOST_WEBHOOK_URL = "https://bot.example.nl/webhooks/mattermost/webhook"
MATTERMOST_HOOK_TOKENS = ("hook-token", "second-hook")
MATTERMOST_COMMAND_TOKEN = "cmd-token"
TELEGRAM_PATH = re.compile(r"^/telegram/bot(?P<token>[^/]+)/(?P<method>\w+)$")
MATTERMOST_POSTS = "/mattermost/api/v4/posts"
SLACK_POST_MESSAGE = "/slack/api/chat.postMessage"


def parse_body(raw: bytes, content_type: str) -> Any:
    """The body as the service would read it: JSON, a form (urlencoded or multipart, one
    value per field) or, failing those, the text."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
        return {part.get_param("name", header="content-disposition"):
                part.get_content() for part in message.iter_parts()}
    if kind == "application/x-www-form-urlencoded":
        return {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return raw.decode(errors="replace")


class Messengers:
    """The stand-in server; ``base`` is its address."""

    def __init__(self, telegram_username: str = "JeugdhulpTestBot") -> None:
        self.calls: List[Dict[str, Any]] = []
        self.changed = threading.Condition()
        self.telegram_username = telegram_username
        self.bf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.bf_key.public_key()))
        self.bf_jwks = {"keys": [{**jwk, "kid": BF_KEY_ID, "use": "sig",
                                  "endorsements": ["msteams"]}]}
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _reply(self, body: Any, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/bf/openid":
                    return self._reply({"jwks_uri": f"{stand_in.base}/bf/keys"})
                if self.path == "/bf/keys":
                    return self._reply(stand_in.bf_jwks)
                self._reply({"error": "not found"}, 404)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = parse_body(raw, self.headers.get("Content-Type") or "")
                call = {"path": self.path, "headers": dict(self.headers), "body": body}
                telegram = TELEGRAM_PATH.match(self.path)
                if telegram:
                    call.update(telegram.groupdict())
                status, reply = stand_in.answer(call)
                call.update(status=status, reply=reply)
                with stand_in.changed:
                    call["number"] = len(stand_in.calls)
                    stand_in.calls.append(call)
                    stand_in.changed.notify_all()
                self._reply(reply, status)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what each service answers -----------------------------------------------------
    def answer(self, call: Dict[str, Any]):
        path, body = call["path"], call["body"]
        if path == SLACK_POST_MESSAGE:
            return 200, {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"}
        if path == "/bf/token":
            return 200, {"access_token": "bot-token-from-test", "expires_in": 3600,
                         "token_type": "Bearer"}
        if path.startswith("/bf/service/"):
            return 200, {"id": f"activity-{len(self.calls)}"}
        if call.get("method"):
            return self.telegram_answer(call["method"], body)
        if path == MATTERMOST_POSTS:
            return 201, {"id": f"post-{len(self.calls)}", "create_at": int(time.time() * 1000),
                         "channel_id": body.get("channel_id"), "message": body.get("message")}
        return 404, {"ok": False, "error": "unknown_method"}

    def telegram_answer(self, method: str, body: Dict[str, Any]):
        if method == "getMe":
            return 200, {"ok": True, "result": {
                "id": 123456789, "is_bot": True, "first_name": "Richtlijnassistent",
                "username": self.telegram_username}}
        if method in ("setWebhook", "answerCallbackQuery", "deleteWebhook"):
            return 200, {"ok": True, "result": True}
        if method == "sendMessage":
            chat = body.get("chat_id")
            return 200, {"ok": True, "result": {
                "message_id": len(self.calls) + 1, "date": int(time.time()),
                "chat": {"id": int(chat) if str(chat).lstrip("-").isdigit() else chat,
                         "type": "private"},
                "text": body.get("text", "")}}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    # --- what was received ---------------------------------------------------------------
    def received(self, keep: Callable[[Dict[str, Any]], bool]) -> List[Dict[str, Any]]:
        with self.changed:
            return [c for c in self.calls if keep(c)]

    def slack_posts(self, channel: str) -> List[Dict[str, Any]]:
        """The bodies of chat.postMessage for a Slack channel."""
        return [c["body"] for c in self.received(
            lambda c: c["path"] == SLACK_POST_MESSAGE and c["body"].get("channel") == channel)]

    def bf_activities(self, conversation: str) -> List[Dict[str, Any]]:
        """The calls that sent an activity to a Bot Framework conversation."""
        path = f"/bf/service/v3/conversations/{conversation}/activities"
        return self.received(lambda c: c["path"] == path)

    def telegram(self, method: str, chat_id: Optional[Any] = None) -> List[Dict[str, Any]]:
        """The calls of a Bot API method (for one chat, when given)."""
        return self.received(lambda c: c.get("method") == method and (
            chat_id is None or str(c["body"].get("chat_id")) == str(chat_id)))

    def mattermost_posts(self, channel_id: str) -> List[Dict[str, Any]]:
        """The calls that created a Mattermost post in a channel."""
        return self.received(lambda c: c["path"] == MATTERMOST_POSTS
                             and c["body"].get("channel_id") == channel_id)

    def wait_until(self, fetch: Callable[[], T], done: Callable[[T], bool],
                   what: str = "the expected call", timeout: float = 90) -> T:
        """``fetch()`` once ``done`` holds for it; AssertionError after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                found = fetch()
                if done(found):
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{what} did not reach the stand-in within "
                                         f"{timeout:.0f} s; it got: {found!r}")
                self.changed.wait(remaining)


def channel_settings(base: str) -> Dict[str, str]:
    """The environment that switches Slack, the Bot Framework (Teams), Telegram and
    Mattermost on, with their outgoing calls going to the stand-in at ``base``."""
    return {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"{base}/slack/api/",
        "SLACK_CHANNEL": "",
        "MICROSOFT_APP_ID": APP_ID,
        "MICROSOFT_APP_PASSWORD": "test-password",
        "MICROSOFT_APP_TENANT_ID": "",
        "BOTFRAMEWORK_OPENID_URL": f"{base}/bf/openid",
        "BOTFRAMEWORK_TOKEN_URL": f"{base}/bf/token",
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_USERNAME": TELEGRAM_USERNAME,
        "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK_URL,
        "TELEGRAM_SECRET_TOKEN": "",  # derived from the bot token
        "TELEGRAM_API_URL": f"{base}/telegram",
        "MATTERMOST_URL": f"{base}/mattermost",  # without /api/v4: the channel adds it
        "MATTERMOST_BOT_TOKEN": MATTERMOST_BOT_TOKEN,
        "MATTERMOST_WEBHOOK_URL": MATTERMOST_WEBHOOK_URL,
        "MATTERMOST_WEBHOOK_TOKEN": ", ".join(MATTERMOST_HOOK_TOKENS),
        "MATTERMOST_COMMAND_TOKEN": MATTERMOST_COMMAND_TOKEN,
    }
