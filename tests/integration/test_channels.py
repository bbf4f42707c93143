"""The messenger channels against a real running server (bot/scripts/run.sh, the way
`make run` starts it) with Slack and the Bot Framework switched on by their environment
variables. Outgoing calls (Slack's Web API, Microsoft's keys, token and Bot Connector) go to
a local capture server, so nothing leaves the machine. Also the quick commands end-to-end
through the REST channel."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional
from urllib.parse import parse_qs, urlencode

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.conftest import ServersError, start_servers, stop_servers

pytestmark = pytest.mark.server

SIGNING_SECRET = "test-signing-secret"
APP_ID = "00000000-1111-2222-3333-444444444444"
KEY_ID = "test-key"
GUIDELINE_127 = "https://www.richtlijnenjeugdhulp.nl/guideline/127/full"


# --- the capture server: Slack's Web API and Microsoft's endpoints, locally -------------
class Capture:
    def __init__(self) -> None:
        self.calls: List[Dict] = []
        self.lock = threading.Lock()
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        self.jwks = {"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "endorsements": ["msteams"]}]}
        capture = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _reply(self, body: Dict, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/bf/openid":
                    return self._reply({"jwks_uri": f"{capture.base}/bf/keys"})
                if self.path == "/bf/keys":
                    return self._reply(capture.jwks)
                self._reply({"error": "not found"}, 404)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                with capture.lock:
                    capture.calls.append({"path": self.path, "headers": dict(self.headers),
                                          "body": body})
                if self.path == "/slack/api/chat.postMessage":
                    return self._reply({"ok": True, "channel": body.get("channel"),
                                        "ts": f"{time.time():.6f}"})
                if self.path == "/bf/token":
                    return self._reply({"access_token": "bot-token-from-test",
                                        "expires_in": 3600, "token_type": "Bearer"})
                if self.path.startswith("/bf/service/"):
                    return self._reply({"id": "activity-1"})
                self._reply({"ok": False, "error": "unknown_method"}, 404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def posts(self, channel: str) -> List[Dict]:
        with self.lock:
            return [c["body"] for c in self.calls if c["path"] == "/slack/api/chat.postMessage"
                    and c["body"].get("channel") == channel]

    def activities(self, conversation: str) -> List[Dict]:
        with self.lock:
            return [c for c in self.calls
                    if c["path"] == f"/bf/service/v3/conversations/{conversation}/activities"]

    def wait(self, fetch, timeout: float = 30) -> List[Dict]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = fetch()
            if found:
                time.sleep(0.5)  # the rest of the answer, if it has more messages
                return fetch()
            time.sleep(0.2)
        return []


@pytest.fixture(scope="module")
def capture():
    c = Capture()
    yield c
    c.server.shutdown()


@pytest.fixture(scope="module")
def channel_servers(tmp_path_factory, kb_url, capture):
    env = {
        "DATABASE_URL": kb_url,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"{capture.base}/slack/api/",
        "SLACK_CHANNEL": "",
        "MICROSOFT_APP_ID": APP_ID,
        "MICROSOFT_APP_PASSWORD": "test-password",
        "MICROSOFT_APP_TENANT_ID": "",
        "BOTFRAMEWORK_OPENID_URL": f"{capture.base}/bf/openid",
        "BOTFRAMEWORK_TOKEN_URL": f"{capture.base}/bf/token",
        # the other messengers stay off, whatever the environment of the test run says
        "MATTERMOST_URL": "", "TELEGRAM_BOT_TOKEN": "",
    }
    try:
        s = start_servers(tmp_path_factory.mktemp("channels"), env)
    except ServersError as error:
        pytest.fail(str(error))
    yield s
    stop_servers(s)


def url(servers, path: str) -> str:
    return f"http://127.0.0.1:{servers.rasa_port}{path}"


# --- Slack --------------------------------------------------------------------------------
def slack_headers(body: bytes, secret: str = SIGNING_SECRET, timestamp: Optional[int] = None,
                  content_type: str = "application/json") -> Dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": f"v0={digest}"}


def slack_event(channel: str, text: str, user: str = "U0TEST") -> bytes:
    return json.dumps({
        "token": "unused", "team_id": "T0TEST", "api_app_id": "A0TEST",
        "type": "event_callback", "event_id": f"Ev{uuid.uuid4().hex[:10]}",
        "event_time": int(time.time()), "authorizations": [{"user_id": "U0BOT"}],
        "event": {"type": "message", "channel_type": "im", "channel": channel, "user": user,
                  "text": text, "ts": f"{time.time():.6f}"},
    }).encode()


def post_slack(servers, body: bytes, headers: Dict[str, str], path="/webhooks/slack/webhook"):
    return requests.post(url(servers, path), data=body, headers=headers, timeout=10)


def test_signed_slack_message_is_answered_in_slack_mrkdwn(channel_servers, capture):
    body = slack_event("D0ANSWER", "MST-CAN?")
    reply = post_slack(channel_servers, body, slack_headers(body))
    assert reply.status_code == 200
    posts = capture.wait(lambda: capture.posts("D0ANSWER"))
    assert posts, "no chat.postMessage reached the (local) Slack API"
    text = "\n".join(p.get("text", "") for p in posts)
    assert f"<{GUIDELINE_127}|Lees de richtlijn>" in text
    assert "**" not in text and "](" not in text  # no markdown
    assert "Child Abuse &amp; Neglect" in text  # mrkdwn escaping
    with_buttons = [p for p in posts if p.get("blocks")]
    for post in with_buttons:  # buttons come with the same mrkdwn text, not plain_text
        sections = [b for b in post["blocks"] if b["type"] == "section"]
        assert sections and all(b["text"]["type"] == "mrkdwn" for b in sections)
    assert len(posts) == 1  # one message per answer, not one per paragraph


@pytest.mark.parametrize("headers", [
    {"Content-Type": "application/json"},  # unsigned
    "wrong-secret",
    "old-timestamp",
])
def test_unsigned_or_wrongly_signed_slack_event_is_rejected(channel_servers, capture, headers):
    channel = f"D0REJECT{uuid.uuid4().hex[:6]}"
    body = slack_event(channel, "MST-CAN?")
    if headers == "wrong-secret":
        headers = slack_headers(body, secret="not-the-secret")
    elif headers == "old-timestamp":
        headers = slack_headers(body, timestamp=int(time.time()) - 600)
    reply = post_slack(channel_servers, body, headers)
    assert reply.status_code == 400
    tampered = slack_headers(body)
    reply = post_slack(channel_servers, body.replace(b"MST-CAN", b"IAG"), tampered)
    assert reply.status_code == 400
    time.sleep(2)
    assert capture.posts(channel) == []


def test_slack_retry_is_not_answered_twice(channel_servers, capture):
    body = slack_event("D0RETRY", "Wat is een multiprobleemgezin?", user="U0RETRY")
    assert post_slack(channel_servers, body, slack_headers(body)).status_code == 200
    first = capture.wait(lambda: capture.posts("D0RETRY"))
    assert first
    for number, reason in ((1, "http_error"), (2, "http_timeout"), (3, "connection_failed")):
        headers = {**slack_headers(body), "X-Slack-Retry-Num": str(number),
                   "X-Slack-Retry-Reason": reason}
        reply = post_slack(channel_servers, body, headers)
        assert reply.status_code == 200
        assert reply.headers.get("X-Slack-No-Retry") == "1"
    time.sleep(3)
    assert len(capture.posts("D0RETRY")) == len(first)


def test_slack_url_verification(channel_servers):
    body = json.dumps({"token": "x", "challenge": "uitdaging123", "type": "url_verification"}
                      ).encode()
    reply = post_slack(channel_servers, body, slack_headers(body))
    assert reply.status_code == 200 and reply.json() == {"challenge": "uitdaging123"}
    assert post_slack(channel_servers, body, {"Content-Type": "application/json"}
                      ).status_code == 400


def slash_command(command: str, text: str, channel: str) -> bytes:
    return urlencode({"token": "unused", "team_id": "T0TEST", "channel_id": channel,
                      "user_id": "U0SLASH", "user_name": "test", "command": command,
                      "text": text, "response_url": "https://hooks.slack.invalid/x",
                      "trigger_id": "1.2.3"}).encode()


@pytest.mark.parametrize("path", ["/webhooks/slack/commands", "/webhooks/slack/webhook"])
def test_signed_slack_slash_command_bronnen_lists_the_guidelines(channel_servers, capture, kb,
                                                                  path):
    channel = f"C0SLASH{path.rsplit('/', 1)[-1].upper()}"
    body = slash_command("/bronnen", "", channel)
    form = "application/x-www-form-urlencoded"
    reply = post_slack(channel_servers, body, slack_headers(body, content_type=form), path)
    assert reply.status_code == 200
    assert reply.json() == {"response_type": "ephemeral", "text": "Even zoeken…"}
    posts = capture.wait(lambda: capture.posts(channel))
    text = "\n".join(p.get("text", "") for p in posts)
    for _, title, _, _, link in kb.guidelines():
        assert title in text and link in text
    # unsigned: refused, nothing posted
    other = f"{channel}X"
    body = slash_command("/bronnen", "", other)
    assert post_slack(channel_servers, body, {"Content-Type": form}, path).status_code == 400
    time.sleep(1)
    assert capture.posts(other) == []


def test_slack_umbrella_slash_command_takes_a_quick_command(channel_servers, capture):
    body = slash_command("/richtlijn", "interventie MST-CAN", "C0UMBRELLA")
    form = "application/x-www-form-urlencoded"
    assert post_slack(channel_servers, body, slack_headers(body, content_type=form),
                      "/webhooks/slack/commands").status_code == 200
    posts = capture.wait(lambda: capture.posts("C0UMBRELLA"))
    assert f"<{GUIDELINE_127}|Lees de richtlijn>" in "\n".join(p.get("text", "") for p in posts)


def test_slack_button_click_is_processed(channel_servers, capture):
    payload = {"type": "block_actions", "user": {"id": "U0CLICK"},
               "channel": {"id": "D0CLICK"}, "message": {"ts": "1.1"},
               "actions": [{"type": "button", "action_id": "knop-0",
                            "value": '/ask_topic{"topic": "gezinsplan"}'}]}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    form = "application/x-www-form-urlencoded"
    assert post_slack(channel_servers, body, slack_headers(body, content_type=form)
                      ).status_code == 200
    posts = capture.wait(lambda: capture.posts("D0CLICK"))
    assert "gezinsplan" in "\n".join(p.get("text", "") for p in posts).lower()


# --- Bot Framework (Teams) ----------------------------------------------------------------
SERVICE_PATH = "/bf/service/"


def activity(capture, conversation: str, text: str = "MST-CAN?") -> Dict:
    return {"type": "message", "id": "1", "channelId": "msteams",
            "serviceUrl": capture.base + SERVICE_PATH, "text": text,
            "from": {"id": "29:user", "name": "Test"}, "recipient": {"id": "28:bot"},
            "conversation": {"id": conversation}}


def bf_token(capture, key=None, kid: str = KEY_ID, alg: str = "RS256", **claims) -> str:
    now = int(time.time())
    payload = {"iss": "https://api.botframework.com", "aud": APP_ID, "iat": now,
               "nbf": now - 10, "exp": now + 600, "serviceurl": capture.base + SERVICE_PATH,
               **claims}
    return jwt.encode(payload, key or capture.key, algorithm=alg, headers={"kid": kid})


def post_bf(servers, body: Dict, authorization: Optional[str]):
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    return requests.post(url(servers, "/webhooks/botframework/webhook"), json=body,
                         headers=headers, timeout=30)


def test_bot_framework_request_without_valid_jwt_is_rejected(channel_servers, capture):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    conversation = "conv-reject"
    body = activity(capture, conversation)
    cases = {
        "missing": None,
        "not bearer": "Basic dXNlcjpwYXNz",
        "malformed": "Bearer dit.is.geen.jwt",
        "wrong signature": "Bearer " + bf_token(capture, key=other_key),
        "unknown key id": "Bearer " + bf_token(capture, kid="other-key"),
        "alg none": "Bearer " + jwt.encode({"aud": APP_ID}, None, algorithm="none",
                                          headers={"kid": KEY_ID}),
        "alg HS256": "Bearer " + jwt.encode({"aud": APP_ID, "iss": "https://api.botframework.com",
                                             "exp": int(time.time()) + 600},
                                            "geheim", algorithm="HS256",
                                            headers={"kid": KEY_ID}),
        "wrong audience": "Bearer " + bf_token(capture, aud="another-app"),
        "wrong issuer": "Bearer " + bf_token(capture, iss="https://evil.example"),
        "expired": "Bearer " + bf_token(capture, exp=int(time.time()) - 3600),
        "other serviceUrl": "Bearer " + bf_token(capture, serviceurl="https://evil.example/"),
    }
    for name, authorization in cases.items():
        reply = post_bf(channel_servers, body, authorization)
        assert reply.status_code == 401, name
    wrong_channel = {**body, "channelId": "webchat"}  # key not endorsed for it
    assert post_bf(channel_servers, wrong_channel, "Bearer " + bf_token(capture)
                   ).status_code == 401
    time.sleep(1)
    assert capture.activities(conversation) == []


def test_bot_framework_valid_jwt_is_answered_in_teams_markdown(channel_servers, capture):
    conversation = "conv-answer"
    body = activity(capture, conversation, text="<at>Richtlijnassistent</at> MST-CAN?")
    reply = post_bf(channel_servers, body, "Bearer " + bf_token(capture))
    assert reply.status_code == 200
    sent = capture.wait(lambda: capture.activities(conversation))
    assert len(sent) == 1  # one message per answer
    assert sent[0]["headers"].get("Authorization") == "Bearer bot-token-from-test"
    message = sent[0]["body"]
    assert message["type"] == "message" and message.get("textFormat") == "markdown"
    assert f"[Lees de richtlijn]({GUIDELINE_127})" in message["text"]
    assert "  \n" in message["text"]  # Teams line breaks
    for card in message.get("attachments") or []:
        assert all(b["type"] == "messageBack" and b["text"] for b in card["content"]["buttons"])


def test_bot_framework_offline_keys_still_reject(tmp_path):
    """Without Microsoft's keys (offline) the channel starts and refuses every token."""
    import asyncio

    from jeugdhulp.channels.botframework import BotFrameworkWebhooks

    channel = BotFrameworkWebhooks(APP_ID, "pw", openid_url="http://127.0.0.1:9/nothing")
    assert channel.jwt_keys == {}
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode({"aud": APP_ID, "iss": "https://api.botframework.com",
                        "exp": int(time.time()) + 600, "serviceurl": "https://x/"},
                       key, algorithm="RS256", headers={"kid": "any"})
    problem = asyncio.run(channel.authenticate(f"Bearer {token}",
                                               {"serviceUrl": "https://x/",
                                                "channelId": "msteams"}))
    assert problem == "JWT signed with an unknown key."


# --- quick commands, end to end through REST ----------------------------------------------
def texts(messages) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_quick_commands_through_rest(channel_servers, kb):
    say = channel_servers.say
    assert "Ik beantwoord vragen over vijf richtlijnen" in texts(say("cmd-help", "/help"))
    assert "richtlijnassistent" in texts(say("cmd-start", "/start"))  # Telegram's first message

    sources = texts(say("cmd-bronnen", "/bronnen"))
    guidelines = kb.guidelines()
    assert len(guidelines) == 5
    for _, title, _, edition, link in guidelines:
        assert f"{title} ({edition})" in sources and link in sources

    intervention = texts(say("cmd-interventie", "/interventie MST-CAN"))
    assert "Multisysteem Therapie Child Abuse & Neglect" in intervention
    assert GUIDELINE_127 in intervention

    found = texts(say("cmd-zoek", "/zoek veiligheidsplan"))
    assert "Zoekresultaten" in found and "veiligheidsplan" in found.lower()

    topics = say("cmd-onderwerpen", "/onderwerpen")
    assert "Belangrijke onderwerpen" in texts(topics)
    assert any(b["payload"].startswith("/ask_topic") for m in topics for b in m.get("buttons") or [])

    for unknown in ("/bestaatniet", "!bestaatniet"):
        assert "Snelle commando's" in texts(say("cmd-onbekend", unknown))

    assert "Zoekresultaten" in texts(say("cmd-uitroep", "!zoek veiligheidsplan"))

    topic = texts(say("cmd-knop", '/ask_topic{"topic": "gezinsplan"}'))
    assert kb.topic("gezinsplan").label in topic and "Bron:" in topic


# === without a server: the channel code with its HTTP layer mocked ============================
class _Headers(dict):
    """Case-insensitive, like Sanic's."""

    def get(self, key, default=None):
        return super().get(key.lower(), default)


class _Form(dict):
    """Lists of values; ``get`` gives the first, like Sanic's."""

    def get(self, key, default=None):
        value = super().get(key, default)
        return value[0] if isinstance(value, list) and value else value


class FakeRequest:
    """Just what the channels read from a Sanic request."""

    def __init__(self, body: bytes = b"", headers: Optional[Dict[str, str]] = None,
                 method: str = "POST", path: str = "/webhook", form: Optional[Dict] = None):
        self.body, self.method, self.path = body, method, path
        self.headers = _Headers({k.lower(): v for k, v in (headers or {}).items()})
        self.form = _Form(form or {})


def fake_request(body=b"", headers=None, **kwargs) -> FakeRequest:
    return FakeRequest(body, headers, **kwargs)


def routes(blueprint) -> Dict[str, object]:
    return {route.uri: route.handler for route in blueprint._future_routes}


def run(coroutine):
    import asyncio

    return asyncio.run(coroutine)


# --- Telegram -------------------------------------------------------------------------------------
TELEGRAM_TOKEN = "123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr"


@pytest.fixture
def telegram_calls(monkeypatch):
    from jeugdhulp.channels.telegram import TelegramHtmlOutput

    calls = []

    async def request(self, method, data=None, files=None, **kwargs):
        calls.append((method, dict(data or {})))
        return {"message_id": len(calls), "date": 0, "chat": {"id": 42, "type": "private"},
                "text": (data or {}).get("text", "")}

    monkeypatch.setattr(TelegramHtmlOutput, "request", request)
    return calls


def test_telegram_answer_is_sent_once_as_html(telegram_calls):
    from jeugdhulp.channels.telegram import TelegramHtmlOutput
    from jeugdhulp.channels.render import TELEGRAM, render
    from tests.unit.jeugdhulp.channels.test_render import answer

    text = render(answer(), TELEGRAM).text
    run(TelegramHtmlOutput(TELEGRAM_TOKEN).send_text_message("42", text))
    assert len(telegram_calls) == 1
    method, data = telegram_calls[0]
    assert method == "sendMessage"
    assert data["parse_mode"] == "HTML" and data["text"] == text
    assert str(data["disable_web_page_preview"]).lower() == "true"
    assert str(data["chat_id"]) == "42"


def test_telegram_text_that_is_not_html_is_escaped(telegram_calls):
    from jeugdhulp.channels.telegram import TelegramHtmlOutput

    run(TelegramHtmlOutput(TELEGRAM_TOKEN).send_text_message(
        "42", "Snelle commando's: /interventie <naam> — R&D"))
    assert telegram_calls[0][1]["text"] == "Snelle commando's: /interventie &lt;naam&gt; — R&amp;D"
    assert telegram_calls[0][1]["parse_mode"] == "HTML"


def test_telegram_long_answer_is_cut_between_paragraphs(telegram_calls):
    from jeugdhulp.channels.telegram import MESSAGE_LIMIT, TelegramHtmlOutput

    paragraphs = [f"<b>Deel {i}</b> " + "woord " * 150 for i in range(12)]
    run(TelegramHtmlOutput(TELEGRAM_TOKEN).send_text_message("42", "\n\n".join(paragraphs)))
    sent = [d["text"] for _, d in telegram_calls]
    assert len(sent) > 1 and all(len(t) <= MESSAGE_LIMIT for t in sent)
    assert all(t.count("<b>") == t.count("</b>") for t in sent)


def test_telegram_buttons_one_per_row_and_too_long_payloads_left_out(telegram_calls):
    from jeugdhulp.channels.telegram import TelegramHtmlOutput

    buttons = [{"title": "Het gezinsplan", "payload": '/ask_topic{"topic": "gezinsplan"}'},
               {"title": "Te lang", "payload": "wat is " + "ë" * 40 + "?"},
               {"title": "Waar staat dat?", "payload": "waar staat dat?"}]
    run(TelegramHtmlOutput(TELEGRAM_TOKEN).send_text_with_buttons("42", "<b>Kies</b>", buttons))
    method, data = telegram_calls[0]
    assert method == "sendMessage" and data["parse_mode"] == "HTML"
    markup = json.loads(data["reply_markup"])
    rows = markup["inline_keyboard"]
    assert [[b["callback_data"] for b in row] for row in rows] == [
        ['/ask_topic{"topic": "gezinsplan"}'], ["waar staat dat?"]]


def test_telegram_webhook_needs_the_secret_token(monkeypatch):
    from jeugdhulp.channels.telegram import TelegramHtmlOutput, TelegramWebhooks, derived_secret

    monkeypatch.setattr(TelegramWebhooks, "get_output_channel",
                        lambda self: TelegramHtmlOutput(TELEGRAM_TOKEN))
    channel = TelegramWebhooks.from_credentials(
        {"access_token": TELEGRAM_TOKEN, "verify": "JeugdhulpBot",
         "webhook_url": "https://bot.example.nl/webhooks/telegram/webhook"})
    secret = derived_secret(TELEGRAM_TOKEN)
    assert channel.secret_token == secret and re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret)
    assert secret not in TELEGRAM_TOKEN and TELEGRAM_TOKEN.split(":")[1] not in secret

    async def on_new_message(message):  # pragma: no cover - must not be reached
        raise AssertionError("an unauthenticated update reached Rasa")

    blueprint = channel.blueprint(on_new_message)
    middleware = blueprint._future_middleware[0].middleware
    update = json.dumps({"update_id": 1, "message": {"message_id": 1, "date": 0,
                         "chat": {"id": 7, "type": "private"}, "text": "hoi"}}).encode()
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "fout"}):
        reply = run(middleware(fake_request(update, headers, path="/webhooks/telegram/webhook")))
        assert reply is not None and reply.status == 403
    reply = run(middleware(fake_request(
        update, {"X-Telegram-Bot-Api-Secret-Token": secret}, path="/webhooks/telegram/webhook")))
    assert reply is None  # on to Rasa's handler
    reply = run(middleware(fake_request(b"", method="GET", path="/webhooks/telegram/set_webhook")))
    assert reply.status == 404
    explicit = TelegramWebhooks.from_credentials(
        {"access_token": TELEGRAM_TOKEN, "verify": "x", "webhook_url": "https://x/",
         "secret_token": "eigen-geheim"})
    assert explicit.secret_token == "eigen-geheim"


def test_telegram_sets_its_webhook_with_the_secret(telegram_calls):
    from jeugdhulp.channels.telegram import TelegramHtmlOutput

    run(TelegramHtmlOutput(TELEGRAM_TOKEN).set_secret_webhook("https://x/webhook", "geheim"))
    assert telegram_calls == [("setWebhook", {"url": "https://x/webhook",
                                              "secret_token": "geheim"})]


def test_every_button_payload_fits_telegram_callback_data(kb):
    """Telegram refuses a message whose button carries more than 64 bytes."""
    import ast

    import yaml

    from jeugdhulp.channels.telegram import CALLBACK_DATA_LIMIT
    from tests.conftest import ROOT

    payloads = {}
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in (domain.get("responses") or {}).items():
        for variant in variants:
            for button in variant.get("buttons") or []:
                payloads[f"domain {name}"] = payloads.get(f"domain {name}", []) + [button["payload"]]
    values = {
        "name": [i.name for i in kb.interventions()],
        "id": [t.id for t in kb.topics()],
    }
    # Buttons written as texts (knowledge/content/texts/): every payload, with every value
    # its fields can take.
    from jeugdhulp import messages

    for key, text in messages.catalog().items():
        if not key.endswith(".payload"):
            continue
        texts_ = [text]
        for field in messages.fields(text):
            assert field in values, f"{key}: unknown field {field}; extend the test"
            texts_ = [t.replace("{%s}" % field, v) for t in texts_ for v in values[field]]
        payloads[key] = texts_
    # Buttons built in the answering code (Suggestion(title, payload)).
    for path in sorted([*(ROOT / "jeugdhulp" / "knowledge").rglob("*.py"),
                        *(ROOT / "jeugdhulp" / "dialogue").rglob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Suggestion"):
                continue
            if len(node.args) == 1 and isinstance(node.args[0], ast.Starred):
                continue  # Suggestion(*button(key)): a text of the catalog, checked above
            arg = node.args[1] if len(node.args) > 1 else next(
                k.value for k in node.keywords if k.arg == "payload")
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(arg, ast.Constant):
                payloads[where] = [arg.value]
            elif isinstance(arg, ast.JoinedStr):
                texts_ = [""]
                for part in arg.values:
                    if isinstance(part, ast.Constant):
                        texts_ = [t + part.value for t in texts_]
                    else:
                        attribute = getattr(part.value, "attr", None)
                        assert attribute in values, f"{where}: unknown placeholder; extend the test"
                        texts_ = [t + v for t in texts_ for v in values[attribute]]
                payloads[where] = texts_
            else:
                pytest.fail(f"{where}: payload is neither a constant nor an f-string")
    assert len(payloads) > 10
    too_long = {where: p for where, ps in payloads.items() for p in ps
                if len(p.encode("utf-8")) > CALLBACK_DATA_LIMIT}
    assert not too_long


# --- Mattermost -----------------------------------------------------------------------------------
@pytest.fixture
def mattermost():
    from jeugdhulp.channels.mattermost import MattermostWebhooks

    channel = MattermostWebhooks.from_credentials({
        "url": "https://chat.example.nl", "token": "bot-token",
        "webhook_url": "https://bot.example.nl/webhooks/mattermost/webhook",
        "webhook_token": "hook-token, second-hook", "command_token": "cmd-token"})
    received = []

    async def on_new_message(message):
        received.append(message)
        await message.output_channel.send_text_message(message.sender_id, "antwoord")

    return channel, routes(channel.blueprint(on_new_message)), received


@pytest.fixture
def mattermost_posts(monkeypatch):
    import requests as requests_module

    posts = []

    class Reply:
        status_code, text = 201, "{}"

    def post(url, data=None, headers=None, timeout=None):
        posts.append((url, json.loads(data), headers))
        return Reply()

    monkeypatch.setattr(requests_module, "post", post)
    return posts


def hook(text: str, trigger: str, token: str = "hook-token") -> bytes:
    return json.dumps({"token": token, "channel_id": "ch1", "user_id": "u1", "text": text,
                       "trigger_word": trigger, "post_id": "p1"}).encode()


JSON = {"Content-Type": "application/json"}


def test_mattermost_outgoing_webhook_needs_its_token(mattermost, mattermost_posts):
    channel, handlers, received = mattermost
    assert channel.url == "https://chat.example.nl/api/v4"
    for token in ("wrong", ""):
        reply = run(handlers["/webhook"](fake_request(hook("@richtlijn MST-CAN?", "@richtlijn",
                                                           token), JSON)))
        assert reply.status == 401
    assert received == [] and mattermost_posts == []


@pytest.mark.parametrize("text, trigger, message", [
    ("@richtlijn MST-CAN?", "@richtlijn", "MST-CAN?"),
    ("@Richtlijn !bronnen", "@richtlijn", "!bronnen"),
    ("!zoek veiligheidsplan", "!", "!zoek veiligheidsplan"),
    ("!bronnen", "!bronnen", "!bronnen"),
    ("@richtlijn", "@richtlijn", "/help"),
])
def test_mattermost_only_the_trigger_word_is_removed(mattermost, mattermost_posts, text,
                                                     trigger, message):
    _, handlers, received = mattermost
    reply = run(handlers["/webhook"](fake_request(hook(text, trigger), JSON)))
    assert reply.status == 200
    assert [m.text for m in received] == [message]
    assert received[0].sender_id == "u1" and received[0].input_channel == "mattermost"
    assert len(mattermost_posts) == 1  # one post per answer
    url_, body, headers = mattermost_posts[0]
    assert url_ == "https://chat.example.nl/api/v4/posts"
    assert body == {"channel_id": "ch1", "message": "antwoord"}
    assert headers["Authorization"] == "Bearer bot-token"


def test_mattermost_accepts_each_of_several_webhook_tokens(mattermost, mattermost_posts):
    _, handlers, received = mattermost
    for token in ("hook-token", "second-hook"):
        reply = run(handlers["/webhook"](fake_request(hook("!bronnen", "!bronnen", token), JSON)))
        assert reply.status == 200
    reply = run(handlers["/webhook"](fake_request(hook("!bronnen", "!bronnen",
                                                       "hook-token, second-hook"), JSON)))
    assert reply.status == 401
    assert [m.text for m in received] == ["!bronnen", "!bronnen"]


def test_mattermost_form_encoded_webhook_is_read(mattermost, mattermost_posts):
    _, handlers, received = mattermost
    form = {"token": ["hook-token"], "channel_id": ["ch1"], "user_id": ["u1"],
            "text": ["@richtlijn IAG?"], "trigger_word": ["@richtlijn"]}
    reply = run(handlers["/webhook"](fake_request(
        urlencode({k: v[0] for k, v in form.items()}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"}, form=form)))
    assert reply.status == 200 and [m.text for m in received] == ["IAG?"]


def test_mattermost_buttons_are_signed_and_checked(mattermost, mattermost_posts):
    from jeugdhulp.channels.mattermost import MattermostOutput

    channel, handlers, received = mattermost
    output = MattermostOutput(channel.url, channel.token, "ch1", channel.webhook_url)
    payload = '/ask_topic{"topic": "gezinsplan"}'
    run(output.send_text_with_buttons("u1", "Kies:", [{"title": "Het gezinsplan",
                                                       "payload": payload}]))
    action = mattermost_posts[0][1]["props"]["attachments"][0]["actions"][0]
    assert action["integration"]["url"] == channel.webhook_url
    context = action["integration"]["context"]
    click = {"user_id": "u1", "channel_id": "ch1", "context": context}
    reply = run(handlers["/webhook"](fake_request(json.dumps(click).encode(), JSON)))
    assert reply.status == 200 and [m.text for m in received] == [payload]
    forged = {**click, "context": {"action": "/list_sources", "signature": context["signature"]}}
    reply = run(handlers["/webhook"](fake_request(json.dumps(forged).encode(), JSON)))
    assert reply.status == 401 and len(received) == 1


def test_mattermost_slash_command_answers_in_the_response(mattermost, mattermost_posts):
    _, handlers, received = mattermost
    form = {"token": ["cmd-token"], "channel_id": ["dm1"], "user_id": ["u1"],
            "command": ["/richtlijn"], "text": ["zoek veiligheidsplan"]}
    request = fake_request(urlencode({k: v[0] for k, v in form.items()}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"}, form=form)
    reply = run(handlers["/commands"](request))
    assert reply.status == 200
    assert json.loads(reply.body) == {"response_type": "ephemeral", "text": "antwoord"}
    assert [m.text for m in received] == ["/zoek veiligheidsplan"]
    assert mattermost_posts == []  # the answer is in the response, not posted
    form["token"] = ["hook-token"]
    request = fake_request(b"", {"Content-Type": "application/x-www-form-urlencoded"}, form=form)
    assert run(handlers["/commands"](request)).status == 401


def test_mattermost_slash_command_is_off_without_its_token():
    from jeugdhulp.channels.mattermost import MattermostWebhooks

    channel = MattermostWebhooks.from_credentials({
        "url": "https://chat.example.nl/api/v4", "token": "t", "webhook_url": "https://x/",
        "webhook_token": "h"})

    async def on_new_message(message):  # pragma: no cover
        raise AssertionError

    handler = routes(channel.blueprint(on_new_message))["/commands"]
    form = {"token": [""], "user_id": ["u1"], "command": ["/richtlijn"], "text": [""]}
    request = fake_request(b"", {"Content-Type": "application/x-www-form-urlencoded"}, form=form)
    assert run(handler(request)).status == 401


# --- Slack helpers -------------------------------------------------------------------------------
def test_seen_events_forget_after_a_while():
    from jeugdhulp.channels.slack import SeenEvents

    seen = SeenEvents(seconds=0.2, size=3)
    seen.add(["a", "b"])
    assert seen.seen(["b"]) and not seen.seen(["c"])
    seen.add(["c", "d"])  # size 3: "a" goes
    assert not seen.seen(["a"]) and seen.seen(["d"])
    time.sleep(0.3)
    assert not seen.seen(["b", "c", "d"])


def test_split_text_cuts_between_paragraphs():
    from jeugdhulp.channels.common import split_text

    text = "\n\n".join(["a" * 60, "b" * 60, "c" * 60])
    assert split_text(text, 130) == ["a" * 60 + "\n\n" + "b" * 60, "c" * 60]
    assert split_text("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]
    assert split_text("   ", 10) == []


# --- the terminal of `make shell` -----------------------------------------------------------------
def test_terminal_channel_is_rasas_console_with_the_guard(tmp_path):
    from rasa.core.run import create_http_input_channels

    from jeugdhulp.channels.inputs import GuardedInput
    from jeugdhulp.channels.render import PLAIN, format_for
    from tests.conftest import ROOT

    script = (ROOT / "bot" / "scripts" / "shell.sh").read_text(encoding="utf-8")
    line = next(l for l in script.splitlines() if "credentials.shell.yml" in l and "echo" in l)
    content = re.search(r'echo "([^"]+)"', line).group(1)
    path = tmp_path / "credentials.shell.yml"
    path.write_text(content + "\n", encoding="utf-8")
    channels = create_http_input_channels(None, str(path))
    assert [c.name() for c in channels] == ["cmdline"]  # rasa run then reads the terminal
    assert isinstance(channels[0], GuardedInput)
    assert channels[0].url_prefix() == "rest"  # where Rasa's console sends the messages
    assert format_for("cmdline") == PLAIN


# --- the documentation names every setting ------------------------------------------------------
@pytest.mark.parametrize("doc, section", [
    ("slack.md", "SlackChannel"), ("mattermost.md", "MattermostChannel"),
    ("teams.md", "BotFrameworkChannel"), ("telegram.md", "TelegramChannel"),
])
def test_docs_name_every_variable_and_the_webhook(doc, section):
    import yaml

    from tests.conftest import ROOT

    text = (ROOT / "credentials.yml").read_text(encoding="utf-8")
    settings = yaml.safe_load(text)[f"jeugdhulp.channels.inputs.{section}"]
    variables = [v for value in settings.values() for v in re.findall(r"\$\{(\w+)\}", value)]
    guide = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    overview = (ROOT / "docs" / "channels.md").read_text(encoding="utf-8")
    for variable in variables:
        assert f"`{variable}`" in guide, (doc, variable)
        assert f"`{variable}`" in overview, ("channels.md", variable)
    name = doc.split(".")[0].replace("teams", "botframework")
    assert f"/webhooks/{name}/webhook" in guide
    assert doc in (ROOT / "README.md").read_text(encoding="utf-8")
